import type { ScheduledEvent } from 'aws-lambda';
import { powertoolsChain } from './chain';

/** A run of a scheduled job: the instant it was meant for, and an id unique to the run. */
export interface ScheduledRun {
  /**
   * The schedule's time, not the clock's: a run that starts late still judges the minute it was
   * meant for, and the local runtime can run it for any instant.
   */
  now: Date;
  id: string;
}

/** Builds the handler of a scheduled job (an EventBridge schedule): the Powertools chain around `run`. */
export function scheduledJob<D, R>(options: { dependencies: () => D; run: (run: ScheduledRun, deps: D) => Promise<R> }) {
  return powertoolsChain<ScheduledEvent, R>().handler((event) => options.run({ now: new Date(event.time), id: event.id }, options.dependencies()));
}
