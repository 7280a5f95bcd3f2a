import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../commons/powertools';
import { scheduledJob } from '../commons/worker/scheduled-job';
import { dependenciesWith } from '../wiring/dependencies';
import { cases } from '../wiring/stores';
import { checkSlas } from '../use-cases/sla';

const dependencies = dependenciesWith({ cases });

/**
 * Runs every minute (functions/definition/functions.ts): a breach is acted on within a minute of its
 * due time, judged at the schedule's time (see ScheduledRun).
 */
export const handler = scheduledJob({
  dependencies,
  run: async ({ now, id }, deps) => {
    const outcome = await checkSlas(deps, now, id);
    metrics.addMetric('SlaBreaches', MetricUnit.Count, outcome.breached);
    if (outcome.breached > 0) logger.info('SLA breaches acted on', outcome);
    return outcome;
  },
});
