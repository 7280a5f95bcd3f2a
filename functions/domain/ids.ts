import { monotonicFactory } from 'ulid';
import * as z from 'zod/mini';

/**
 * Identifiers are a short type prefix and a ULID: sortable by creation time (so a timeline key
 * built from one sorts chronologically) and recognisable in logs and support tickets.
 */
const nextUlid = monotonicFactory();

export const idPrefixes = {
  customer: 'cus',
  interaction: 'int',
  case: 'case',
  escalation: 'esc',
  event: 'evt',
  incident: 'inc',
  callback: 'cb',
  article: 'art',
  search: 'srch',
  surge: 'srg',
} as const;

export type IdKind = keyof typeof idPrefixes;

export function newId(kind: IdKind, at: number = Date.now()): string {
  return `${idPrefixes[kind]}_${nextUlid(at)}`;
}

/**
 * Customer ids are ours (`cus_…`) or, for customers signed in through the brand's identity
 * provider, that provider's subject: so the format is deliberately loose.
 */
export const CustomerId = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,99}$/, 'a customer id: letters, digits and _.:@- (at most 100 characters)'));
/**
 * The token's subject (`sub`), the identity provider's id of the caller: it scopes Idempotency-Keys
 * and names who did what in events. IdPs use UUIDs, digits, base64url, `auth0|…`, `f:…:user` or
 * an email; bounded and without the key separator `#`, spaces, `/` or control characters.
 */
export const Subject = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.:@|+=~-]{0,254}$/, 'a subject: letters, digits and _.:@|+=~- (at most 255 characters)'));
export const CaseId = z.string().check(z.regex(/^case_[0-9A-HJKMNP-TV-Z]{26}$/, 'a case id such as case_01J…'));
export const EscalationId = z.string().check(z.regex(/^esc_[0-9A-HJKMNP-TV-Z]{26}$/, 'an escalation id such as esc_01J…'));
export const IncidentId = z.string().check(z.regex(/^inc_[0-9A-HJKMNP-TV-Z]{26}$/, 'an incident id such as inc_01J…'));
export const CallbackId = z.string().check(z.regex(/^cb_[0-9A-HJKMNP-TV-Z]{26}$/, 'a callback id such as cb_01J…'));
export const ArticleId = z.string().check(z.regex(/^art_[0-9A-HJKMNP-TV-Z]{26}$/, 'an article id such as art_01J…'));
export const SurgeId = z.string().check(z.regex(/^srg_[0-9A-HJKMNP-TV-Z]{26}$/, 'a surge id such as srg_01J…'));
export const InteractionId = z.string().check(z.regex(/^int_[0-9A-HJKMNP-TV-Z]{26}$/, 'an interaction id such as int_01J…'));
