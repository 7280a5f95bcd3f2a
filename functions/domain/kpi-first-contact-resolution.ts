import type { CounterValues } from './kpi-counters';
import { count, ratio } from './kpi-ratio';

/**
 * First-contact resolution: among the cases resolved on the settled days (whose window has
 * closed), the share resolved with at most one customer contact and neither reopened nor contacted
 * again by the customer within the window. `pendingResolutions`: resolutions of days whose window
 * is still open, not counted yet (they settle when it closes).
 */
export function firstContactResolution(settled: CounterValues, all: CounterValues, settledThrough: string | null) {
  const resolved = count(settled, 'resolutions');
  const firstContact = count(settled, 'fcrCandidates') - count(settled, 'fcrBroken');
  return {
    rate: ratio(firstContact, resolved),
    resolved,
    firstContact,
    contactedAgainOrReopened: count(settled, 'fcrBroken'),
    pendingResolutions: count(all, 'resolutions') - resolved,
    settledThrough,
  };
}

/** Repeat contact rate: customer contacts made within the window after one of their cases was resolved, among all contacts. */
export function repeatContactRate(values: CounterValues) {
  return {
    rate: ratio(count(values, 'repeatContacts'), count(values, 'contacts')),
    repeatContacts: count(values, 'repeatContacts'),
    contacts: count(values, 'contacts'),
  };
}
