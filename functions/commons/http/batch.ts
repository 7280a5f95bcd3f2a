import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Principal } from '../../domain/roles';
import { logger } from '../powertools';
import { toErrorResponse } from './error-response';
import { idempotent, idempotentCall } from './idempotency';
import type { HttpEvent } from './principal';
import { jsonResponse } from './responses';

/** One item's outcome: what the single route would have answered for it. */
export interface BatchItemResult<R> {
  status: number;
  result?: R;
  problem?: unknown;
  replayed?: boolean;
}

/**
 * Runs the items of a batch route one by one, each as its single route would (`single`: e.g.
 * `POST /interactions`): a refusal or a fault of one item is that item's result (its problem
 * body), the others go on; an item with an `idempotencyKey` is made idempotent in the single
 * route's key space (the same caller, method, path and key as that route's Idempotency-Key
 * header), so a contact sent again, alone or in another batch, is recorded once and its first
 * result replayed, and its stored response referenced under the customers `customersOf` names.
 * Built once per cold start (the idempotency store).
 */
export function batchRunner<I extends { idempotencyKey?: string | undefined }, R>(
  single: { method: 'POST'; path: string; status: number },
  run: (item: Omit<I, 'idempotencyKey'>, request: { principal: Principal; correlationId: string }) => Promise<R>,
  /** The customers whose data an item's result holds: its stored response is erased with them (./idempotency.ts). */
  customersOf: (result: R) => readonly string[],
) {
  const pending = new WeakMap<HttpEvent, { item: Omit<I, 'idempotencyKey'>; principal: Principal; correlationId: string }>();
  const once = idempotent(async (event) => {
    const { item, ...request } = pending.get(event)!;
    const result = await run(item, request);
    return { response: jsonResponse(single.status, result), customerIds: customersOf(result) };
  });

  return async (
    items: readonly I[],
    request: { event: HttpEvent; principal: Principal; correlationId: string; context: Context },
  ): Promise<BatchItemResult<R>[]> => {
    const results: BatchItemResult<R>[] = [];
    for (const { idempotencyKey, ...item } of items) {
      // The single route's request, as idempotency and the error mapping read it.
      const { 'idempotency-key': _batchKey, ...headers } = request.event.headers ?? {};
      const event: HttpEvent = {
        ...request.event,
        rawPath: single.path,
        headers: idempotencyKey ? { ...headers, 'idempotency-key': idempotencyKey } : headers,
        requestContext: { ...request.event.requestContext, http: { ...request.event.requestContext.http, method: single.method, path: single.path } },
      };
      pending.set(event, { item, principal: request.principal, correlationId: request.correlationId });
      try {
        const response: APIGatewayProxyStructuredResultV2 = idempotencyKey
          ? await once(idempotentCall(event, request.principal, { body: item, query: undefined }), request.context)
          : jsonResponse(single.status, await run(item, request));
        results.push({
          status: response.statusCode ?? single.status,
          result: JSON.parse(response.body ?? 'null') as R,
          ...(response.headers?.['idempotent-replayed'] === 'true' ? { replayed: true } : {}),
        });
      } catch (error) {
        const response = toErrorResponse(error, event, logger);
        results.push({ status: response.statusCode ?? 500, problem: JSON.parse(response.body ?? '{}') });
      }
    }
    return results;
  };
}
