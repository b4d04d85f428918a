// A module resolution hook (node:module register) that resolves package exports with the
// "colloquy-compiled" condition, so @colloquy/contract resolves to its compiled dist/ instead of src/.
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'colloquy-compiled'] });
}
