/**
 * npm run train -- <name>: reproduces a model file shipped in the repository from ../shared/eval.
 *   acts   the dialogue-act model (services/src/ai/local/acts.model.json), see train/acts.ts
 */
const name = process.argv[2];
const trainers: Record<string, () => Promise<void>> = {
  acts: async () => (await import('./acts.ts')).runTrainActs(),
};
if (!name || !trainers[name]) {
  process.stderr.write(`usage: npm run train -- <${Object.keys(trainers).join('|')}>\n`);
  process.exit(2);
}
await trainers[name]();
