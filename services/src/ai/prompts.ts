import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../core/errors.ts';

/**
 * Prompts are files (prompts/<name>.md): front matter with at least `version` and `output` (the
 * name of the schema the answer must match), optionally `variables` (checked against the body), then a template body with `{{variables}}` and
 * optional `{{role "system"}}` / `{{role "user"}}` lines that split it into chat messages.
 *
 * They are read once, at start-up: a missing or malformed file stops the process at boot rather
 * than failing a job later. The recorded version is `<front matter version>-<sha1(bytes)[:8]>`, so
 * any edit to a file changes what AI output rows say they came from, even if nobody bumps it.
 */

export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));

/** The prompts the AI adapters need; loading fails when one is missing. */
export const REQUIRED_PROMPTS = ['label', 'summarize', 'gist', 'answer'] as const;

export type PromptRole = 'system' | 'user' | 'assistant';

export interface PromptMessage {
  role: PromptRole;
  content: string;
}

export interface RenderedPrompt {
  name: string;
  version: string;
  /** Every message, for logs and evaluation. */
  text: string;
  messages: PromptMessage[];
}

/** Values are text: lists are rendered by the caller (the template language has no loops). */
export type PromptVars = Record<string, string | number>;

export interface Prompt {
  readonly name: string;
  /** `<front matter version>-<first 8 hex of sha1(file bytes)>`, e.g. '1-3f2a9c01'. */
  readonly version: string;
  /** Name of the output schema, from the front matter. */
  readonly output: string;
  /** Every front-matter field, as text. */
  readonly meta: Readonly<Record<string, string>>;
  /** The variables the template uses, in order of first use. */
  readonly variables: readonly string[];
  render(vars: PromptVars): RenderedPrompt;
}

export interface Prompts {
  /** Throws for a prompt that was not loaded (a programming error, caught by any test). */
  get(name: string): Prompt;
  names(): string[];
}

const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const ROLE_LINE = /^[ \t]*\{\{\s*role\s+"(system|user|assistant)"\s*\}\}[ \t]*$/gm;
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

const malformed = (file: string, why: string) => new AppError('E_PROMPT_INVALID', `prompt ${file}: ${why}`, 500, false);

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}

/** `key: value` lines; blank lines and `#` comments are skipped. Enough YAML for metadata. */
function parseFrontMatter(block: string, file: string): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [index, raw] of block.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match) throw malformed(file, `front matter line ${index + 2} is not "key: value": ${line}`);
    if (match[1] in meta) throw malformed(file, `front matter repeats "${match[1]}"`);
    meta[match[1]] = unquote(match[2].trim());
  }
  return meta;
}

function splitMessages(body: string): PromptMessage[] {
  const markers = [...body.matchAll(ROLE_LINE)];
  if (markers.length === 0) return body.trim() ? [{ role: 'user', content: body.trim() }] : [];
  const messages: PromptMessage[] = [];
  const lead = body.slice(0, markers[0].index).trim();
  if (lead) messages.push({ role: 'system', content: lead });
  for (const [i, marker] of markers.entries()) {
    const end = i + 1 < markers.length ? markers[i + 1].index : body.length;
    const content = body.slice(marker.index + marker[0].length, end).trim();
    if (content) messages.push({ role: marker[1] as PromptRole, content });
  }
  return messages;
}

/** Parses one prompt file's bytes; exported for tests and tools (eval) that hold a file in memory. */
export function parsePrompt(name: string, bytes: Buffer, file = `${name}.md`): Prompt {
  const source = bytes.toString('utf8');
  const front = FRONT_MATTER.exec(source);
  if (!front) throw malformed(file, 'no front matter (a "---" block with version and output)');
  const meta = parseFrontMatter(front[1], file);
  if (!/^[\w.]+$/.test(meta.version ?? '')) throw malformed(file, 'front matter needs a version, e.g. "version: 1"');
  if (!/^\w+$/.test(meta.output ?? '')) throw malformed(file, 'front matter needs an output schema name, e.g. "output: StatementLabels"');
  const body = source.slice(front[0].length);
  const template = splitMessages(body);
  if (template.length === 0) throw malformed(file, 'the template body is empty');

  const variables = [...new Set([...body.matchAll(VARIABLE)].map((m) => m[1]))];
  // Optional `variables: a, b` in the front matter documents the inputs; a typo in either place fails here.
  if (meta.variables !== undefined) {
    const declared = meta.variables
      .split(/[\s,]+/)
      .filter(Boolean)
      .sort();
    if (declared.join() !== [...variables].sort().join()) {
      throw malformed(
        file,
        `the template uses {{${[...variables].sort().join('}}, {{')}}} but the front matter declares ${declared.join(', ')}`,
      );
    }
  }
  const version = `${meta.version}-${createHash('sha1').update(bytes).digest('hex').slice(0, 8)}`;

  function render(vars: PromptVars): RenderedPrompt {
    const missing = variables.filter((v) => vars[v] === undefined);
    if (missing.length) throw new AppError('E_PROMPT_VARS', `prompt ${name} needs ${missing.join(', ')}`, 500, false);
    // One pass: values are never re-scanned, so a transcript containing "{{x}}" stays as it is.
    const fill = (text: string) => text.replace(VARIABLE, (_, key: string) => String(vars[key]));
    const messages = template.map((m) => ({ role: m.role, content: fill(m.content) }));
    return { name, version, text: messages.map((m) => m.content).join('\n\n'), messages };
  }

  return { name, version, output: meta.output, meta, variables, render };
}

/**
 * Reads every `*.md` in `dir` (prompts/ at the repo root by default) and insists on `required`.
 * Synchronous on purpose: it runs once while the process starts.
 */
export function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR, required: readonly string[] = REQUIRED_PROMPTS): Prompts {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  } catch (err) {
    throw new AppError('E_PROMPT_MISSING', `cannot read the prompts folder ${dir}: ${(err as Error).message}`, 500, false);
  }
  const prompts = new Map<string, Prompt>();
  for (const file of files) {
    const name = file.slice(0, -'.md'.length);
    prompts.set(name, parsePrompt(name, readFileSync(path.join(dir, file)), path.join(dir, file)));
  }
  const missing = required.filter((name) => !prompts.has(name));
  if (missing.length) {
    throw new AppError('E_PROMPT_MISSING', `missing prompt file(s) in ${dir}: ${missing.map((n) => `${n}.md`).join(', ')}`, 500, false);
  }
  return {
    get(name) {
      const prompt = prompts.get(name);
      if (!prompt) throw new AppError('E_PROMPT_MISSING', `no prompt "${name}" was loaded from ${dir}`, 500, false);
      return prompt;
    },
    names: () => [...prompts.keys()].sort(),
  };
}
