import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { channels } from '../domain/channels';
import { segmentAttributes } from '../domain/customers';
import { SurgeId } from '../domain/ids';
import { kpiGroupings } from '../domain/kpi-counters';
import { suppressionReasons } from '../domain/notifications';
import { intents } from '../domain/text-analysis';
import { queryInteger } from './common';
import { DeclareIncidentRequest } from './incidents';

/** KPIs (counted incrementally from events, docs/kpis.md) and the weak signals (surges). */

const maxKpiDays = 400;
const Day = z.iso.date({ message: "a day, YYYY-MM-DD (the client's time zone)" });

export const KpiQuery = z.strictObject({
  from: meta(Day, { description: "First day (the client's time zone), included.", example: '2026-11-01' }),
  to: meta(Day, { description: `Last day, included: on or after \`from\`, at most ${maxKpiDays} days in all.`, example: '2026-11-30' }),
  groupBy: meta(z._default(z.enum(kpiGroupings), 'day'), { description: 'The groups besides the totals: one per day, channel, queue or team.' }),
});

const Rate = meta(z.nullable(z.number().check(z.gte(0), z.lte(1))), {
  description: 'A share recomputed from the summed counts; null when nothing was counted.',
});
const Count = z.int();
const Percentile = meta(
  z.object({
    seconds: meta(z.nullable(z.number()), {
      description: 'The upper bound of the histogram bucket the percentile falls in (docs/kpis.md); null without data or beyond the last bucket.',
    }),
    overflow: meta(z.optional(z.literal(true)), { description: 'Beyond the last bucket (more than 14 days).' }),
  }),
  { id: 'KpiPercentile' },
);
const Percentiles = { p50: Percentile, p90: Percentile };

const Kpis = {
  contacts: Count,
  contactsDuringIncident: Count,
  newCases: Count,
  resolutions: Count,
  reopens: Count,
  serviceLevel: z.object({
    rate: Rate,
    assigned: Count,
    withinTarget: Count,
    missed: Count,
    missedWait: meta(z.object({ ...Percentiles, buckets: z.array(z.object({ upToSeconds: z.nullable(z.number()), count: Count })) }), {
      description: 'How long the assignments that missed their target waited: percentiles and the buckets (upToSeconds null: longer than 14 days).',
    }),
    wait: z.object(Percentiles),
  }),
  firstResponseTime: z.object({ count: Count, ...Percentiles }),
  resolutionTime: z.object({ count: Count, ...Percentiles }),
  sla: z.object({
    firstResponse: z.object({ met: Count, breached: Count }),
    resolution: z.object({ met: Count, breached: Count }),
  }),
  firstContactResolution: meta(
    z.object({
      rate: Rate,
      resolved: Count,
      firstContact: Count,
      contactedAgainOrReopened: Count,
      pendingResolutions: meta(Count, { description: 'Resolutions of days whose window has not closed yet: not counted until it does.' }),
      settledThrough: meta(z.nullable(z.string()), { description: 'The last day of the period whose window has closed.' }),
    }),
    { description: 'Over the settled days only: resolved with at most one customer contact, not reopened nor contacted again within the window.' },
  ),
  repeatContacts: z.object({ rate: Rate, repeatContacts: Count, contacts: Count }),
  callbacks: z.object({ rate: Rate, kept: Count, completed: Count, requested: Count }),
  surveys: z.object({
    csat: z.object({ rate: Rate, satisfied: Count, responses: Count }),
    ces: z.object({ mean: z.nullable(z.number()), responses: Count }),
    preference: z.object({ rate: Rate, yes: Count, no: Count, responses: Count }),
    nps: z.object({ score: z.nullable(z.number().check(z.gte(-100), z.lte(100))), promoters: Count, detractors: Count, responses: Count }),
    responseRate: z.object({ rate: z.nullable(z.number().check(z.gte(0))), answered: Count, offered: Count }),
  }),
  notifications: meta(
    z.object({
      sent: Count,
      suppressed: Count,
      suppressedBy: z.object(
        Object.fromEntries(suppressionReasons.map((reason) => [reason, Count])) as Record<(typeof suppressionReasons)[number], typeof Count>,
      ),
    }),
    {
      description:
        'Proactive notifications sent (grouped by channel: the channel sent on) and suppressed, with the count per reason (no_consent, no_address, superseded: a newer incident revision reached the customer first).',
    },
  ),
};

export const KpiReport = meta(
  z.object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(kpiGroupings),
    timezone: z.string(),
    fcrWindowDays: Count,
    totals: z.object({
      ...Kpis,
      contactsPerChannel: z.array(z.object({ channel: z.enum(channels), contacts: Count, share: Rate })),
      selfcare: z.object({
        containment: z.object({ rate: Rate, sessions: Count, followedByContact: Count }),
        noResult: z.object({ rate: Rate, searches: Count, withoutResult: Count }),
      }),
      incidentDeflection: z.object({
        rate: Rate,
        notified: Count,
        deflected: Count,
        contacted: Count,
        incidents: z.array(z.object({ incidentId: z.string(), notified: Count, contacted: Count, deflected: Count, contacts: Count, rate: Rate })),
      }),
    }),
    groups: z.array(z.object({ key: meta(z.string(), { description: 'The day, channel, queue or team.' }), ...Kpis })),
  }),
  { id: 'KpiReport' },
);

export const Surge = meta(
  z.object({
    surgeId: z.string(),
    intent: z.enum(intents),
    segment: z.object({ attribute: z.enum(segmentAttributes), value: z.string() }),
    bucket: meta(z.string(), { description: 'The start of the 15-minute bucket that crossed the threshold.' }),
    count: Count,
    baselinePerBucket: z.number(),
    detectedAt: z.string(),
    suggestedIncident: z.object({ title: z.string(), affected: z.partialRecord(z.enum(segmentAttributes), z.array(z.string())) }),
    incidentId: meta(z.optional(z.string()), { description: 'The incident declared from it, once one was.' }),
  }),
  { id: 'Surge' },
);

export const SurgeList = meta(z.object({ surges: z.array(Surge) }), { id: 'SurgeList' });

export const ListSurgesQuery = z.strictObject({
  limit: queryInteger({ min: 1, max: 100, default: 25 }),
  before: meta(z.optional(z.iso.datetime({ offset: true })), {
    description: 'Only surges detected before this instant (the next page: the last one’s detectedAt).',
  }),
});

export const SurgeParams = z.object({ surgeId: SurgeId });

export const DeclareIncidentFromSurgeRequest = meta(
  z.extend(z.pick(DeclareIncidentRequest, { severity: true, messages: true }), {
    title: meta(z.optional(DeclareIncidentRequest.shape.title), { description: 'Default: the surge’s suggested title.' }),
  }),
  { id: 'DeclareIncidentFromSurgeRequest' },
);
