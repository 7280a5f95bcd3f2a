import { Conflict } from './errors';

/**
 * What an attempt returns when its conditional write lost an optimistic race (the version it
 * read changed before it wrote, someone claimed the item first): read again and retry.
 */
export const lostRace: unique symbol = Symbol('lostRace');

/**
 * Runs an optimistic read-decide-write attempt until it does not lose a race, at most `attempts`
 * times. Only `lostRace` is retried: what an attempt returns is the answer, what it throws
 * (a refusal, a fault) propagates at once. When every attempt lost, the state kept changing
 * faster than we could write: a `Conflict` with `conflict` as its detail (409 over HTTP; a
 * failed message, retried later, for a worker).
 *
 * @example
 * return retryOnConflict({ attempts: 3, conflict: 'The case kept changing: retry.' }, async () => {
 *   const current = await deps.cases.get(caseId, true);
 *   const next = change(current);
 *   return (await deps.cases.replace(next, current.version, event)) ? next : lostRace;
 * });
 */
export async function retryOnConflict<T>(options: { attempts: number; conflict: string }, attempt: () => Promise<T | typeof lostRace>): Promise<T> {
  for (let tried = 0; tried < options.attempts; tried++) {
    const result = await attempt();
    if (result !== lostRace) return result;
  }
  throw new Conflict(options.conflict);
}
