import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIALOGUE_ACTS } from '../ports.ts';
import { classifyActsWithModel, shippedActModel } from './act-model.ts';

const model = shippedActModel();
const acts = (texts: [string, string][], cues = true) =>
  classifyActsWithModel(
    model,
    texts.map(([speaker, text]) => ({ speaker, text })),
    { cues },
  ).map((l) => l.act);

describe('the shipped act model', () => {
  it('is a compact file for the seven acts', () => {
    expect(model.classes).toEqual([...DIALOGUE_ACTS]);
    expect(statSync(new URL('./acts.model.json', import.meta.url)).size).toBeLessThan(3 * 1024 * 1024);
  });

  it('gives each statement a probability distribution over the acts', () => {
    const p = model.probabilities({ text: 'What do you think about the rubber case?', speaker: 'A' });
    expect(p).toHaveLength(DIALOGUE_ACTS.length);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(DIALOGUE_ACTS[p.indexOf(Math.max(...p))]).toBe('question');
  });

  it('labels the Android example: a decision, then a question', () => {
    expect(
      acts([
        [
          'Carol',
          'We decided to drop the Android tablet release from the March launch until the camera permission crash on Samsung devices is fixed.',
        ],
        ['Carol', 'Who can look into why the Kotlin MediaCodec encoder leaks memory during long recordings on Android?'],
      ]),
    ).toEqual(['decision', 'question']);
  });

  it('tells questions, proposals and information apart on its own', () => {
    expect(
      acts(
        [
          ['A', 'How much will the remote control cost us to produce?'],
          ['B', 'Maybe we should use a rubber case so it does not break when you drop it.'],
          ['A', 'The battery lasts about two years in the current model.'],
        ],
        false,
      ),
    ).toEqual(['question', 'proposal', 'information']);
  });

  it('leaves the last word on a clear commitment to the cue rules', () => {
    const commitment: [string, string][] = [['B', "I'll send the revised budget to everyone by Friday."]];
    expect(acts(commitment)).toEqual(['action_item']);
  });
});
