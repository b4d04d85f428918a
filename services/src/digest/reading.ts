import type { CitedSentence } from '../core/understanding.ts';
import type { DigestSection } from '@colloquy/contract';

/** Silent reading of the digest's words at `wordsPerMinute`: the summary, then each line and its speaker. */
export function readingMs(summary: CitedSentence[], sections: DigestSection[], wordsPerMinute: number): number {
  const count = (text: string | null | undefined) => (text?.match(/\S+/g) ?? []).length;
  let words = summary.reduce((n, s) => n + count(s.text), 0);
  for (const section of sections) {
    words += count(section.title);
    for (const item of section.items) words += count(item.gist) + count(item.speaker);
  }
  return Math.round((words / wordsPerMinute) * 60_000);
}
