import { beforeAll, describe, expect, it } from 'vitest';
import { newSession, newSessionId } from '../../functions/domain/selfcare';
import type { Dependencies } from '../../functions/use-cases/dependencies';
import { handover } from '../../functions/use-cases/selfcare';
import { stores } from '../../functions/wiring/dependencies';
import { slaRules } from '../../lib/definition/environment';
import { createTestTables, dataClients } from '../helpers/local-aws';
import { alwaysOpenHours, demoConfig } from '../helpers/runtime';

const alwaysOpen = { ...demoConfig, businessHours: alwaysOpenHours };

/**
 * A handover is several writes (profile, case, contact, callback, session). When the last one
 * fails, the retry (the same request again, as a client does after a 500) finishes the handover
 * and writes none of the earlier ones twice: one case, one handover contact, one callback.
 */
describe('Use case: handover, retried after a failure between its writes, on DynamoDB Local', { timeout: 60_000 }, () => {
  const { documentClient } = dataClients();
  let deps: Dependencies & { callbackQueueDepth: () => Promise<{ waiting: number; inFlight: number }> };
  let failNextSessionWrite = false;

  beforeAll(async () => {
    const table = (await createTestTables()).data;
    const real = stores(documentClient, table, 30);
    // The fault: the session's final write fails once (a throttle, a timeout), after every other write.
    const selfcare = Object.create(real.selfcare) as typeof real.selfcare;
    selfcare.replaceSession = async (...args) => {
      if (failNextSessionWrite) {
        failNextSessionWrite = false;
        throw new Error('Injected: the session write failed');
      }
      return real.selfcare.replaceSession(...args);
    };
    deps = {
      ...real,
      selfcare,
      settings: {
        CHANNELS: demoConfig.channels,
        INTERACTION_RETENTION_DAYS: 30,
        INTERACTION_IMPORT_WINDOW_DAYS: 30,
        ACTIVE_INCIDENTS_CACHE_SECONDS: 30,
        SLA_RULES: slaRules(alwaysOpen),
        CALLBACK_RULES: demoConfig.callbacks,
        DEFAULT_LANGUAGE: 'en',
        SELFCARE_SESSION_TTL_HOURS: 24,
      },
      now: () => new Date(),
      callbackQueueDepth: async () => ({ waiting: 0, inFlight: 0 }),
    } as typeof deps;
  });

  it('a retry after the last write failed finishes it with the same case, contact and callback', async () => {
    // Prepare: a live session.
    const session = newSession(newSessionId(), new Date().toISOString());
    await deps.selfcare.createSession(session, new Date(Date.now() + 3_600_000));
    const phone = `+3367${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const request = { channel: 'callback' as const, customer: { phone }, message: 'Ma box ne marche plus.' };

    // Act
    failNextSessionWrite = true;
    const failed = await handover(deps, session.sessionId, request, 'corr-1').catch((error: Error) => error);
    const retried = await handover(deps, session.sessionId, request, 'corr-2');

    // Assess
    expect(failed).toBeInstanceOf(Error);
    const contacts = await deps.interactions.ofCase(retried.caseId);
    expect(contacts.filter((contact) => contact.metadata?.selfcareSessionId === session.sessionId)).toHaveLength(1);
    expect(contacts[0]?.interactionId).toBe(retried.interactionId);
    const { records } = await deps.interactions.timelinePage([retried.customerId], 50);
    expect(records.filter((entry) => entry.type === 'case')).toHaveLength(1);
    expect(retried.callback?.callbackId).toBe((await deps.callbacks.openOf(retried.customerId))?.callbackId);
    const stored = await deps.selfcare.getSession(session.sessionId, new Date());
    expect(stored?.handover?.caseId).toBe(retried.caseId);
    expect(await deps.selfcare.sessionsOfCase(retried.caseId)).toHaveLength(1);
  });
});
