import { httpHandler } from '../commons/http/http-handler';
import { answerStep } from '../use-cases/selfcare';
import { defaultDependencies } from '../wiring/dependencies';

export const handler = httpHandler('POST /selfcare/sessions/{sessionId}/steps', async ({ params, body }) => ({
  status: 200,
  body: await answerStep(defaultDependencies(), params.sessionId, body),
}));
