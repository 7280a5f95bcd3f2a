import { describe, expect, it } from 'vitest';
import { kpiEffects } from '../../functions/domain/kpi-consumer';
import { notificationKpis } from '../../functions/domain/kpi-notifications';
import { kpiRules } from '../../lib/definition/environment';
import { demoConfig } from '../helpers/runtime';
import { attributesOf, bucketOf, dayIn, histogramBoundsSeconds } from '../../functions/domain/kpi-counters';
import { percentile } from '../../functions/domain/kpi-histogram';
import { surveyAnswerCounts, surveyKpis } from '../../functions/domain/kpi-surveys';
import { baselineRange, isSurge, surgeBucketOf } from '../../functions/domain/surges';

describe('KPI formulas (pure)', () => {
  it('reports a percentile as the upper bound of its bucket, and beyond the last bound as overflow', () => {
    // Prepare: 9 first responses within 2 minutes, 1 after 20 days.
    const values = { ...attributesOf({ add: {}, observe: { firstResponseTime: 100 } }) };
    values[`firstResponseTime_${bucketOf(100)}`] = 9;
    values[`firstResponseTime_${bucketOf(20 * 86_400)}`] = 1;

    // Act & Assess
    expect(percentile(values, 'firstResponseTime', 0.5)).toEqual({ seconds: 120 });
    expect(percentile(values, 'firstResponseTime', 0.9)).toEqual({ seconds: 120 });
    expect(percentile(values, 'firstResponseTime', 0.95)).toEqual({ seconds: null, overflow: true });
    expect(percentile({}, 'firstResponseTime', 0.5)).toEqual({ seconds: null });
    expect(bucketOf(-5)).toBe(0);
    expect(bucketOf(histogramBoundsSeconds.at(-1)!)).toBe(histogramBoundsSeconds.length - 1);
  });

  it("counts a case notice sent in its case's queue, team and priority on the channel sent (push as app), a suppressed one with its reason", () => {
    // Prepare: a case the consumer knows (opened on chat, assigned in the standard queue).
    const rules = kpiRules(demoConfig);
    const metadata = (eventType: string) => ({ eventId: 'evt_1', eventType, occurredAt: '2026-11-10T10:00:00Z', clientId: 'demo', correlationId: 'ntf_1' });
    const state = {
      case: {
        caseId: 'cas_1',
        channel: 'chat' as const,
        priority: 'high' as const,
        queue: 'standard' as const,
        team: 'Level 1',
        inboundContacts: 1,
        breached: [],
        version: 3,
      },
    };
    const ids = { notificationId: 'ntf_1', customerId: 'cus_1', caseId: 'cas_1', kind: 'caseEscalated' as const };

    // Act
    const sent = kpiEffects(
      {
        name: 'NotificationSent',
        data: { ...ids, channel: 'app_push', urgent: false, deferred: true, attempts: 1 },
        metadata: metadata('NotificationSent.v1'),
      },
      state,
      rules,
    );
    const suppressed = kpiEffects(
      { name: 'NotificationSuppressed', data: { ...ids, suppressionReason: 'no_consent' }, metadata: metadata('NotificationSuppressed.v1') },
      state,
      rules,
    );

    // Assess: counted, the case projection left as it was.
    expect(sent.increments).toEqual([
      { day: '2026-11-10', dimensions: { priority: 'high', queue: 'standard', team: 'Level 1', channel: 'app' }, add: { notificationsSent: 1 } },
    ]);
    expect(sent.case).toBeUndefined();
    expect(suppressed.increments).toEqual([
      {
        day: '2026-11-10',
        dimensions: { priority: 'high', queue: 'standard', team: 'Level 1' },
        add: { notificationsSuppressed: 1, notificationsSuppressed_no_consent: 1 },
      },
    ]);
    expect(notificationKpis({ notificationsSent: 2, notificationsSuppressed: 1, notificationsSuppressed_no_consent: 1 })).toEqual({
      sent: 2,
      suppressed: 1,
      suppressedBy: { no_consent: 1, no_address: 0, duplicate: 0, superseded: 0 },
    });
  });

  it("counts a day in the client's time zone (Paris: 23:30 UTC on 31 October is 1 November)", () => {
    expect(dayIn('Europe/Paris', '2026-10-31T23:30:00Z')).toBe('2026-11-01');
    expect(dayIn('Europe/Paris', '2026-07-31T21:59:00Z')).toBe('2026-07-31');
    expect(dayIn('Europe/Paris', '2026-07-31T22:00:00Z')).toBe('2026-08-01');
  });

  it('bands the answers once: CSAT 4–5 satisfied, NPS 9–10 promoters and 0–6 detractors; rates from sums, null without answers', () => {
    // Act
    const counts = [surveyAnswerCounts({ csat: 4, nps: 9 }), surveyAnswerCounts({ csat: 3, nps: 7 }), surveyAnswerCounts({ csat: 5, nps: 6 })];
    const values: Record<string, number> = {};
    for (const c of counts) for (const [k, v] of Object.entries(c)) values[k] = (values[k] ?? 0) + v;

    // Assess
    expect(surveyKpis(values).csat).toEqual({ rate: 2 / 3, satisfied: 2, responses: 3 });
    expect(surveyKpis(values).nps).toEqual({ score: 0, promoters: 1, detractors: 1, responses: 3 });
    expect(surveyKpis({}).ces.mean).toBeNull();
  });

  it('calls a bucket a surge at the minimum count and the factor over its trailing baseline, not below either', () => {
    const rules = { factor: 3, minimumCount: 10, baselineHours: 24 };
    const baseline = baselineRange(surgeBucketOf('2026-11-07T14:22:00Z'), rules);
    expect(baseline).toEqual({ from: '2026-11-06T14:15:00.000Z', to: '2026-11-07T14:00:00.000Z', buckets: 96 });
    expect(isSurge(10, 0, 96, rules)).toBe(true);
    expect(isSurge(9, 0, 96, rules)).toBe(false);
    // A busy segment: 5 a bucket on average; 12 is not three times that.
    expect(isSurge(12, 480, 96, rules)).toBe(false);
    expect(isSurge(15, 480, 96, rules)).toBe(true);
  });
});
