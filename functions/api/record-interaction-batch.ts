import type { z } from 'zod/mini';
import { batchRunner } from '../commons/http/batch';
import { httpHandler } from '../commons/http/http-handler';
import type { Problem, RecordInteractionBatchRequest, RecordInteractionBatchResponse, RecordInteractionResponse } from '../contracts';
import { recordInteraction } from '../use-cases/record-interaction';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, customers, incidents, interactions, selfcare } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases, interactions, incidents, selfcare });

const recordEach = batchRunner<RecordInteractionBatchRequest['contacts'][number], z.output<typeof RecordInteractionResponse>>(
  { method: 'POST', path: '/interactions', status: 201 },
  (contact, { principal, correlationId }) => recordInteraction(dependencies(), contact, principal, correlationId),
  // Each contact's stored result repeats its text: erased with the customer it landed on.
  (recorded) => [recorded.customerId],
);

export const handler = httpHandler(route.recordInteractionBatch, async ({ body, principal, correlationId, event, context }) => {
  const results = await recordEach(body.contacts, { event, principal, correlationId, context });
  const response: z.output<typeof RecordInteractionBatchResponse> = {
    results: results.map(({ status, result, problem, replayed }) => {
      const item: z.output<typeof RecordInteractionBatchResponse>['results'][number] = { status };
      if (result) item.interaction = result;
      if (problem) item.problem = problem as z.output<typeof Problem>;
      if (replayed) item.replayed = true;
      return item;
    }),
  };
  return { status: 200, body: response };
});
