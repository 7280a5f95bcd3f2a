import type { CounterValues } from './kpi-counters';
import { count, ratio } from './kpi-ratio';

/** Callbacks kept: the share of completed callbacks that were completed by the time promised (the end of the window given). */
export function callbacksKept(values: CounterValues) {
  return {
    rate: ratio(count(values, 'callbacksKept'), count(values, 'callbacksCompleted')),
    kept: count(values, 'callbacksKept'),
    completed: count(values, 'callbacksCompleted'),
    requested: count(values, 'callbacksRequested'),
  };
}
