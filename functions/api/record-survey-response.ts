import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { recordInChannelResponse } from '../use-cases/surveys';
import { defaultDependencies } from '../wiring/dependencies';
import * as route from '../definition/routes';

export const handler = idempotentHttpHandler(route.recordSurveyResponse, async ({ params, body, principal, correlationId }) => ({
  status: 201,
  body: await recordInChannelResponse(defaultDependencies(), principal, params.caseId, body, correlationId),
  // The survey id, status and time: the scores and comment are not repeated.
  customerIds: [],
}));
