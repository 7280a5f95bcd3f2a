import type { Channel } from './channels';
import { callbacksKept } from './kpi-callbacks-kept';
import { contactsPerChannel } from './kpi-channel-mix';
import type { CounterValues } from './kpi-counters';
import { firstContactResolution, repeatContactRate } from './kpi-first-contact-resolution';
import { notificationKpis } from './kpi-notifications';
import { count } from './kpi-ratio';
import { firstResponseTime, resolutionTime, slaTargets } from './kpi-response-times';
import { serviceLevel } from './kpi-service-level';
import { surveyKpis } from './kpi-surveys';

/**
 * The KPIs of one set of summed counters (a period's total, a day, a channel, a queue, a team):
 * each figure from its own module, every rate recomputed from the summed counts.
 * `settled` is the same counters over the days whose first-contact-resolution window has closed.
 */
export function kpisOf(values: CounterValues, settled: CounterValues, settledThrough: string | null) {
  return {
    contacts: count(values, 'contacts'),
    contactsDuringIncident: count(values, 'contactsDuringIncident'),
    newCases: count(values, 'newCases'),
    resolutions: count(values, 'resolutions'),
    reopens: count(values, 'reopens'),
    serviceLevel: serviceLevel(values),
    firstResponseTime: firstResponseTime(values),
    resolutionTime: resolutionTime(values),
    sla: slaTargets(values),
    firstContactResolution: firstContactResolution(settled, values, settledThrough),
    repeatContacts: repeatContactRate(values),
    callbacks: callbacksKept(values),
    surveys: surveyKpis(values),
    notifications: notificationKpis(values),
  };
}
export type Kpis = ReturnType<typeof kpisOf>;

export { contactsPerChannel, type Channel };
