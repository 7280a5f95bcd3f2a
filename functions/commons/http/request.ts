import type { z } from 'zod/mini';
import { idempotencyKeyMaxLength, maxBodyBytes, type RouteDefinition } from '../../definition/routes';
import { type FieldError, problems } from './problem';
import type { HttpEvent } from './principal';
import { parseQueryString } from './query-string';

export interface ParsedRequest {
  params: unknown;
  query: unknown;
  body: unknown;
}

/**
 * Checks the request against its route's schemas and returns the parsed parts, or throws a
 * problem naming every offending field. Runs before anything is read or written.
 */
export function parseRequest(route: RouteDefinition, event: HttpEvent): ParsedRequest {
  const errors: FieldError[] = [];
  const params = route.params ? validate(route.params, event.pathParameters ?? {}, '', errors) : undefined;
  const query = route.query ? queryOf(route.query, event, errors) : undefined;
  const body = route.body ? validate(route.body, readJsonBody(event), '', errors) : undefined;
  if (route.idempotent) checkIdempotencyKey(event.headers?.['idempotency-key'], errors);
  if (errors.length) throw problems.validation(errors);
  return { params, query, body };
}

/**
 * The query as the caller sent it (parseQueryString; the gateway's decoded map when there is no
 * raw string), checked against the route's schema. A parameter that cannot be decoded is the
 * refusal: what the schema would say about the rest, without it, would only mislead.
 */
function queryOf(schema: z.ZodMiniType, event: HttpEvent, errors: FieldError[]): unknown {
  if (event.rawQueryString === undefined) return validate(schema, event.queryStringParameters ?? {}, '', errors);
  const { values, malformed } = parseQueryString(event.rawQueryString);
  if (malformed.length) {
    errors.push(...malformed);
    return undefined;
  }
  return validate(schema, values, '', errors);
}

/**
 * An empty key would make the request silently not idempotent (nothing to scope a record by), so
 * it is refused like any bad field; so is a key too long to be anyone's id.
 */
function checkIdempotencyKey(key: string | undefined, errors: FieldError[]): void {
  if (key === undefined) return;
  if (key.trim() === '') errors.push({ field: 'Idempotency-Key', message: 'must not be empty' });
  else if (key.length > idempotencyKeyMaxLength) errors.push({ field: 'Idempotency-Key', message: `at most ${idempotencyKeyMaxLength} characters` });
}

function readJsonBody(event: HttpEvent): unknown {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(raw) > maxBodyBytes) throw problems.tooLarge(maxBodyBytes);
  if (raw.trim() === '') throw problems.validation([{ field: '(body)', message: 'a JSON body is required' }]);
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) throw problems.unsupportedMediaType();
  // JSON is UTF-8 (RFC 8259 §8.1) and the body is read as UTF-8: another charset would be misread.
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType)?.[1];
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
    throw problems.unsupportedMediaType(`Send the body as application/json in UTF-8: charset=${charset.slice(0, 40)} is not supported.`);
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw problems.malformedJson(`The body is not valid JSON: ${(error as Error).message}`);
  }
}

function validate(schema: z.ZodMiniType, value: unknown, prefix: string, errors: FieldError[]): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: [...path, key].join('.'), message: 'unknown field' });
    } else {
      errors.push({ field: path.join('.') || '(body)', message: issue.message });
    }
  }
  return undefined;
}
