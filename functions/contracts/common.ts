import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { normaliseEmail, normalisePhone } from '../domain/identities';

/**
 * The HTTP contract: request and response schemas, one file per bounded context (index.ts
 * gathers them). The same schemas validate requests in the handlers and generate the OpenAPI
 * document (`GET /openapi.json`, `docs/openapi.json`), so the two cannot drift. `.meta({ id })`
 * names a schema as a reusable OpenAPI component.
 *
 * This file: the field schemas every context shares (text, timestamps, addresses, segment
 * values), paging, and the problem+json body every route may answer with.
 */

export const maxTextLength = 10_000;

/*
 * Every string a caller writes goes through one of these two: no NUL or other control character
 * and no unpaired UTF-16 surrogate. `"\u0000"` and `"\uD800"` are valid JSON, so without this they
 * would be stored, then break whatever reads them back (an export, a webhook receiver encoding
 * UTF-8, a CSV). The `u` flag makes a surrogate pair one code point (an emoji passes) and an
 * unpaired one a code point of the excluded range.
 */
/** Free text (what was said, a description): tabs and line breaks allowed. */
export const Text = z.string().check(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class lists the control characters text may not carry.
  z.regex(/^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uD800-\uDFFF]*$/u, 'text without NUL, control characters or unpaired surrogates'),
);
/** One line: a title, a reason, an id the caller chooses (CRM reference, agent id, social handle). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the class lists the control characters a line may not carry.
export const Line = z.string().check(z.regex(/^[^\x00-\x1F\x7F\uD800-\uDFFF]*$/u, 'one line of text, without NUL, control characters or unpaired surrogates'));

/**
 * An integer in a query string: decimal digits only. `z.coerce.number()` reads `0x10`, `1e1`,
 * ` 10` or `10.0` as numbers too, which no client means to send.
 */
export function queryInteger(bounds: { min: number; max: number; default: number }) {
  const message = `a decimal integer from ${bounds.min} to ${bounds.max}`;
  // What z.preprocess is in zod classic: a transform piped into the schema.
  return z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : value)),
    // The default sits inside, so the OpenAPI document still shows it.
    z._default(z.number({ error: message }).check(z.int(message), z.gte(bounds.min, message), z.lte(bounds.max, message)), bounds.default),
  );
}

export const Timestamp = meta(z.iso.datetime({ offset: true }), { description: 'RFC 3339 date-time', example: '2026-11-22T09:30:00Z' });

export const Email = meta(z.pipe(z.email({ message: 'an email address' }).check(z.maxLength(254)), z.transform(normaliseEmail)), {
  description: 'Normalised to lower case.',
  example: 'Jeanne.Martin@example.com',
});

export const Phone = meta(
  z.pipe(
    z.string().check(z.maxLength(32)),
    z.transform((value, ctx) => {
      const e164 = normalisePhone(value);
      if (!e164) {
        ctx.issues.push({ code: 'custom', message: 'a phone number in international format, such as +33612345678', input: value });
        return z.NEVER;
      }
      return e164;
    }),
  ),
  { description: 'International format; spaces, dots, dashes and a leading 00 are accepted and normalised to E.164.', example: '+33 6 12 34 56 78' },
);

export const SegmentValue = z
  .string()
  .check(z.trim(), z.regex(/^[\p{L}\p{N}][\p{L}\p{N} ._:/-]{0,63}$/u, 'a segment value: letters, digits, space and ._:/- (at most 64 characters)'));

export const TimelineQuery = z.strictObject({
  limit: queryInteger({ min: 1, max: 100, default: 25 }),
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,400}$/, 'a nextCursor returned by a previous page'))),
});

/** Longest `Idempotency-Key` accepted (the header, or a batch contact's key): room for a UUID or a client's own composite id, no more. */
export const idempotencyKeyMaxLength = 255;

export const Problem = meta(
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    errors: z.optional(
      z.array(z.object({ field: meta(z.string(), { description: 'Dotted path of the offending field, e.g. customer.email' }), message: z.string() })),
    ),
    nextWindow: meta(z.optional(z.object({ from: Timestamp, to: Timestamp })), {
      description: 'Extension of `outside-business-hours`: the next window a callback can be asked for (send it as `when`).',
    }),
  }),
  { id: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json.' },
);

/** A type with its intersections and nested objects spelled out, so two spellings of one shape compare equal. */
type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;

/**
 * `true` when A and B are the same shape: the same fields, each optional or required alike, of the
 * same types (TypeScript's identity check, which mutual assignability is not: it lets either side
 * gain an optional field). Ties a response schema to the type its use case returns, so a change on
 * either side alone fails `tsc`.
 */
export type Same<A, B> = (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : false;

type AllKeys<T> = T extends unknown ? keyof T : never;
type At<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
/** The fields of R (at any depth) that S does not describe. */
type Undescribed<R, S> = R extends readonly (infer U)[]
  ? Undescribed<U, S extends readonly (infer V)[] ? V : never>
  : R extends object
    ? { [K in keyof R]-?: K extends AllKeys<S> ? Undescribed<R[K], At<S, K>> : K }[keyof R]
    : never;

/**
 * `true` when every R is an S and has no field S does not describe: for a result that is a
 * narrower case of a schema another route shares (the resource as created, before the counts
 * only a read adds).
 */
export type Fits<S, R> = [R] extends [S] ? ([Undescribed<R, S>] extends [never] ? true : false) : false;
