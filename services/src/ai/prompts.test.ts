import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR, loadPrompts, parsePrompt, REQUIRED_PROMPTS } from './prompts.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the repository's prompts/ to edit. */
function promptsCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'colloquy-prompts-'));
  dirs.push(dir);
  cpSync(DEFAULT_PROMPTS_DIR, dir, { recursive: true });
  return dir;
}

const file = (body: string) => Buffer.from(body, 'utf8');

describe('the repository prompts', () => {
  const prompts = loadPrompts();

  it('are all there, versioned by front matter and content hash, naming their output schema', () => {
    expect(prompts.names()).toEqual(expect.arrayContaining([...REQUIRED_PROMPTS]));
    const outputs = Object.fromEntries(REQUIRED_PROMPTS.map((n) => [n, prompts.get(n).output]));
    expect(outputs).toEqual({ label: 'StatementLabels', summarize: 'ContributionSummary', gist: 'StatementGists', answer: 'CitedAnswer' });
    for (const name of REQUIRED_PROMPTS) expect(prompts.get(name).version).toMatch(/^\d+-[0-9a-f]{8}$/);
  });

  it('render a system message with the rules and a user message with the data', () => {
    const rendered = prompts
      .get('label')
      .render({ statements: '<statement id="s1">Hi</statement>', previous: '(none)', existingTags: 'pricing' });
    expect(rendered.messages.map((m) => m.role)).toEqual(['system', 'user']);
    const [system, user] = rendered.messages;
    for (const act of ['question', 'proposal', 'decision', 'action_item', 'concern', 'answer', 'information'])
      expect(system.content).toContain(act);
    expect(system.content).toMatch(/never invent an id/i);
    expect(user.content).toContain('<existing_tags>pricing</existing_tags>');
    expect(user.content).toContain('<statement id="s1">Hi</statement>');
    expect(rendered.text).not.toMatch(/\{\{/);
    expect(rendered.version).toBe(prompts.get('label').version);
  });

  it('demand grounding in every generating prompt', () => {
    for (const name of ['summarize', 'answer'])
      expect(prompts.get(name).render(Object.fromEntries(prompts.get(name).variables.map((v) => [v, 'x']))).text).toMatch(/only ids/i);
  });
});

describe('loadPrompts', () => {
  it('changes the recorded version when a file changes, even if nobody bumps `version`', () => {
    const dir = promptsCopy();
    const before = loadPrompts(dir).get('summarize').version;
    const target = path.join(dir, 'summarize.md');
    writeFileSync(target, readFileSync(target, 'utf8').replace('at most 10 words', 'at most 8 words'));
    const after = loadPrompts(dir).get('summarize').version;
    expect(after).not.toBe(before);
    expect(after.split('-')[0]).toBe(before.split('-')[0]);
    expect(loadPrompts(dir).get('label').version).toBe(loadPrompts().get('label').version);
  });

  it('fails at load, naming the file, when a required prompt is missing', () => {
    const dir = promptsCopy();
    unlinkSync(path.join(dir, 'gist.md'));
    expect(() => loadPrompts(dir)).toThrow(
      expect.objectContaining({ code: 'E_PROMPT_MISSING', message: expect.stringContaining('gist.md') }),
    );
  });

  it('fails at load when the folder does not exist', () => {
    expect(() => loadPrompts(path.join(tmpdir(), 'no-such-prompts-folder'))).toThrow(expect.objectContaining({ code: 'E_PROMPT_MISSING' }));
  });

  it('fails at load when any prompt file is malformed', () => {
    const dir = promptsCopy();
    writeFileSync(path.join(dir, 'route.md'), 'no front matter here\n');
    expect(() => loadPrompts(dir)).toThrow(
      expect.objectContaining({ code: 'E_PROMPT_INVALID', message: expect.stringContaining('route.md') }),
    );
  });

  it('get() of a prompt that was not loaded is an error, not undefined', () => {
    expect(() => loadPrompts().get('nope')).toThrow(/no prompt "nope"/);
  });
});

describe('parsePrompt', () => {
  it('reads key: value front matter, quoted or not, with comments', () => {
    const p = parsePrompt('t', file('---\n# a comment\nversion: "2"\noutput: Thing\ndescription: \'A: thing\'\n---\nHello {{ name }}!\n'));
    expect(p.version).toMatch(/^2-[0-9a-f]{8}$/);
    expect(p.output).toBe('Thing');
    expect(p.meta.description).toBe('A: thing');
    expect(p.variables).toEqual(['name']);
    expect(p.render({ name: 'Ana' }).messages).toEqual([{ role: 'user', content: 'Hello Ana!' }]);
  });

  it('renders in one pass: values are never expanded again', () => {
    const p = parsePrompt('t', file('---\nversion: 1\noutput: X\n---\n{{a}} and {{b}}'));
    expect(p.render({ a: '{{b}}', b: 2 }).text).toBe('{{b}} and 2');
  });

  it('splits messages at role lines; text before the first one is the system message', () => {
    const p = parsePrompt('t', file('---\nversion: 1\noutput: X\n---\nRules.\n{{role "user"}}\nData {{x}}\n{{role "assistant"}}\nOk\n'));
    expect(p.render({ x: 1 }).messages).toEqual([
      { role: 'system', content: 'Rules.' },
      { role: 'user', content: 'Data 1' },
      { role: 'assistant', content: 'Ok' },
    ]);
  });

  it('refuses to render with a variable missing', () => {
    const p = parsePrompt('t', file('---\nversion: 1\noutput: X\n---\n{{a}} {{b}}'));
    expect(() => p.render({ a: 1 })).toThrow(expect.objectContaining({ code: 'E_PROMPT_VARS', message: expect.stringContaining('b') }));
  });

  it.each([
    ['no front matter', 'just text {{x}}', /no front matter/],
    ['no version', '---\noutput: X\n---\nbody', /version/],
    ['no output', '---\nversion: 1\n---\nbody', /output/],
    ['a line that is not key: value', '---\nversion: 1\noutput: X\nnonsense\n---\nbody', /key: value/],
    ['a repeated key', '---\nversion: 1\nversion: 2\noutput: X\n---\nbody', /repeats/],
    ['an empty body', '---\nversion: 1\noutput: X\n---\n\n', /empty/],
    ['declared variables that the body does not use', '---\nversion: 1\noutput: X\nvariables: a, c\n---\n{{a}} {{b}}', /declares a, c/],
  ])('rejects %s', (_, source, message) => {
    expect(() => parsePrompt('t', file(source))).toThrow(message);
  });
});
