import { idempotentHttpHandler } from '../commons/http/idempotent-http-handler';
import { recordInChannelResponse } from '../use-cases/surveys';
import { dependenciesWith } from '../wiring/dependencies';
import { cases, customers, surveys } from '../wiring/stores';
import * as route from '../definition/routes';

const dependencies = dependenciesWith({ customers, cases, surveys });

export const handler = idempotentHttpHandler(route.recordSurveyResponse, async ({ params, body, principal, correlationId }) => ({
  status: 201,
  body: await recordInChannelResponse(dependencies(), principal, params.caseId, body, correlationId),
  // The survey id, status and time: the scores and comment are not repeated.
  customerIds: [],
}));
