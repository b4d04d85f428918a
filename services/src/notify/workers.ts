import type { Services } from '../services.ts';

/** Starts the workers of the background tasks (notify, mail, digest-emails) in this process. */
export async function startTaskWorkers(_s: Services): Promise<void> {}
