// Segmentation over the 20 real AMI dev meetings (../shared/eval); made-up transcripts are in services/src/transcript/segment.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segmentTranscript } from '../../src/transcript/segment.ts';
import type { TranscriptSegment } from '../../src/core/transcript.ts';

const amiDev = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/eval/ami/dev/ami_normalized_dev.jsonl');

function loadAmi(): { id: string; segments: TranscriptSegment[] }[] {
  return readFileSync(amiDev, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { id, turns } = JSON.parse(line) as { id: string; turns: { speaker: string; text: string; start: number; end: number }[] };
      const segments = turns.map((t) => ({
        startMs: Math.round(t.start * 1000),
        endMs: Math.round(t.end * 1000),
        speaker: t.speaker,
        text: t.text,
      }));
      return { id, segments };
    });
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

describe.skipIf(!existsSync(amiDev))('segmentTranscript on AMI dev meetings', () => {
  const meetings = existsSync(amiDev) ? loadAmi() : [];

  it('never spans two speakers, keeps time order, stays under maxMs', () => {
    const violations: string[] = [];
    for (const { id, segments } of meetings) {
      const ordered = [...segments].sort((a, b) => a.startMs - b.startMs);
      const spoken = new Map<string | null, string>();
      for (const s of ordered) spoken.set(s.speaker, normalise(`${spoken.get(s.speaker) ?? ''} ${s.text}`));
      const statements = segmentTranscript(segments);
      const lastEnd = new Map<string | null, number>();
      statements.forEach((statement, i) => {
        const where = `${id} #${i} (${statement.speaker})`;
        // Each statement is a contiguous stretch of its own speaker's words, and only theirs.
        if (!spoken.get(statement.speaker)?.includes(statement.text)) violations.push(`${where}: text not the speaker's own`);
        if (statement.text !== normalise(statement.text)) violations.push(`${where}: whitespace`);
        if (statement.endMs - statement.startMs > 90_000) violations.push(`${where}: longer than 90 s`);
        if (i > 0 && statement.startMs < statements[i - 1].startMs) violations.push(`${where}: out of order`);
        if (statement.startMs < (lastEnd.get(statement.speaker) ?? -Infinity)) violations.push(`${where}: overlaps own`);
        lastEnd.set(statement.speaker, statement.endMs);
      });
    }
    expect(violations).toEqual([]);
  });

  it("every statement starts and ends inside its own speaker's source turns", () => {
    for (const { segments } of meetings.slice(0, 5)) {
      for (const statement of segmentTranscript(segments)) {
        const own = segments.filter((s) => s.speaker === statement.speaker);
        // Cuts inside a turn fall at interpolated word times, so: inside one of their own turns.
        const within = (ms: number) => own.some((s) => s.startMs <= ms && ms <= s.endMs);
        expect(within(statement.startMs) && within(statement.endMs)).toBe(true);
      }
    }
  });

  it('a meeting lands at around a hundred statements per hour, not a statement per turn', () => {
    const perHour = meetings.map(({ segments }) => {
      const hours = (Math.max(...segments.map((s) => s.endMs)) - Math.min(...segments.map((s) => s.startMs))) / 3_600_000;
      return segmentTranscript(segments).length / hours;
    });
    const mean = perHour.reduce((a, b) => a + b, 0) / perHour.length;
    expect(mean).toBeGreaterThanOrEqual(60);
    expect(mean).toBeLessThanOrEqual(250);
    const es2006b = meetings.find((m) => m.id === 'ES2006b')!;
    const hours = (es2006b.segments[es2006b.segments.length - 1].endMs - es2006b.segments[0].startMs) / 3_600_000;
    const statements = segmentTranscript(es2006b.segments);
    expect(statements.length / hours).toBeGreaterThanOrEqual(60);
    expect(statements.length / hours).toBeLessThanOrEqual(250);
    expect(statements.length).toBeLessThan(es2006b.segments.length / 3);
  });
});
