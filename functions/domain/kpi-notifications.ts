import { type CounterValues, suppressedCounter } from './kpi-counters';
import { count } from './kpi-ratio';
import { type SuppressionReason, suppressionReasons } from './notifications';

/**
 * Proactive notifications: sent, and suppressed with each reason (no consent, no address, a newer
 * incident revision reached the customer first). Counted on the day each was sent or suppressed.
 */
export function notificationKpis(values: CounterValues) {
  return {
    sent: count(values, 'notificationsSent'),
    suppressed: count(values, 'notificationsSuppressed'),
    suppressedBy: Object.fromEntries(suppressionReasons.map((reason) => [reason, count(values, suppressedCounter(reason))])) as Record<
      SuppressionReason,
      number
    >,
  };
}
