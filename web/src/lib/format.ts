/** Words and numbers as people read them. Pure functions, no state. */

/** 65_000 → "1:05", 3_725_000 → "1:02:05". */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The same time spelled out for screen readers: "1 minute 5 seconds". */
export function spokenClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) parts.push(plural(h, 'hour'));
  if (m) parts.push(plural(m, 'minute'));
  if (s || parts.length === 0) parts.push(plural(s, 'second'));
  return parts.join(' ');
}

/** Whole minutes, at least 1 when there is anything: "3 min", "< 1 min" for short times. */
export function minutes(ms: number): string {
  if (ms <= 0) return '0 min';
  if (ms < 60_000) return '< 1 min';
  return `${Math.round(ms / 60_000)} min`;
}

export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "just now". */
export function ago(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of STEPS) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return 'just now';
}

/** A full date for a tooltip or a <time> title. */
export const fullDate = (iso: string) => new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** The pipeline's stages in order (services/src/pipeline/stages.ts). */
export const STAGES = ['probe', 'audio', 'transcribe', 'segment', 'embed', 'label', 'summarise', 'profile'] as const;

const STAGE_WORDS: Record<string, string> = {
  probe: 'Checking the file',
  audio: 'Extracting the audio',
  transcribe: 'Transcribing',
  segment: 'Cutting into statements',
  embed: 'Indexing for search',
  label: 'Labelling',
  summarise: 'Summarising',
  profile: 'Finishing',
};

export const stageWords = (stage: string) => STAGE_WORDS[stage] ?? stage;

// How much of an upload's processing time each stage takes, roughly (bench/ingest: recognition is
// nearly all of it), so the bar moves as the work does rather than one eighth per stage.
const STAGE_WEIGHTS: Record<(typeof STAGES)[number], number> = {
  probe: 1,
  audio: 2,
  transcribe: 20,
  segment: 1,
  embed: 1,
  label: 1,
  summarise: 1,
  profile: 1,
};

/** Progress through the whole pipeline, 0..1: finished stages plus progress within the current one, by their weight. */
export function pipelineProgress(c: { status: string; stage: string; progress: number; source?: string }): number {
  if (c.status === 'ready') return 1;
  const first = c.source === 'transcript' ? STAGES.indexOf('segment') : 0;
  const at = Math.max(first, STAGES.indexOf(c.stage as (typeof STAGES)[number]));
  const weights = STAGES.slice(first).map((s) => STAGE_WEIGHTS[s]);
  const done = weights.slice(0, at - first).reduce((a, b) => a + b, 0);
  const within = weights[at - first] * Math.min(1, Math.max(0, c.progress));
  return Math.min(1, Math.max(0, (done + within) / weights.reduce((a, b) => a + b, 0)));
}

/** "72% of the audio · about 3 min left" while recognising; the stage's own share otherwise. */
export function stageDetail(c: { status: string; stage: string; progress: number; etaSeconds?: number | null }): string | undefined {
  if (c.status !== 'processing') return undefined;
  const share = `${Math.round(Math.min(1, Math.max(0, c.progress)) * 100)}%${c.stage === 'transcribe' ? ' of the audio' : ''}`;
  if (c.etaSeconds == null) return c.progress > 0 ? share : undefined;
  const left = c.etaSeconds < 60 ? 'less than a minute left' : `about ${Math.round(c.etaSeconds / 60)} min left`;
  return `${share} · ${left}`;
}

const ACT_WORDS: Record<string, string> = {
  question: 'Question',
  proposal: 'Proposal',
  decision: 'Decision',
  action_item: 'Action item',
  concern: 'Concern',
  answer: 'Answer',
  information: 'Information',
};

export const actWords = (act: string) => ACT_WORDS[act] ?? act;
