import { describe, expect, it } from 'vitest';
import { Conflict, NotFound } from '../../functions/use-cases/errors';
import { lostRace, retryOnConflict } from '../../functions/use-cases/retry-on-conflict';

const options = { attempts: 3, conflict: 'The case kept changing: retry.' };

describe('Function: retryOnConflict', () => {
  it('answers with the first attempt that did not lose a race, after retrying the lost ones', async () => {
    // Prepare
    const outcomes: ('won' | typeof lostRace)[] = [lostRace, lostRace, 'won'];
    let calls = 0;

    // Act
    const result = await retryOnConflict(options, async () => outcomes[calls++]!);

    // Assess
    expect(result).toBe('won');
    expect(calls).toBe(3);
  });

  it('answers with what the attempt returned, undefined included (only lostRace is retried)', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(options, async () => {
        calls++;
        return undefined;
      }),
    ).resolves.toBeUndefined();
    expect(calls).toBe(1);
  });

  it('gives up after the given number of attempts with a Conflict carrying the detail', async () => {
    let calls = 0;
    const outcome = retryOnConflict({ attempts: 5, conflict: 'The case kept changing: retry.' }, async () => {
      calls++;
      return lostRace;
    });
    await expect(outcome).rejects.toBeInstanceOf(Conflict);
    await expect(outcome).rejects.toMatchObject({ kind: 'conflict', message: 'The case kept changing: retry.', field: undefined });
    expect(calls).toBe(5);
  });

  it('passes any other error through at once, without retrying', async () => {
    let calls = 0;
    const refusal = NotFound.of('Case', 'c-1');
    await expect(
      retryOnConflict(options, async () => {
        calls++;
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    const fault = new Error('ProvisionedThroughputExceededException');
    await expect(
      retryOnConflict(options, async () => {
        calls++;
        throw fault;
      }),
    ).rejects.toBe(fault);
    expect(calls).toBe(2);
  });
});
