import { type Principal, type Role, roles } from './roles';

/**
 * Per-caller request limits (the client config's `rateLimits`): a fixed-window count per
 * caller, so that one customer token or one address cannot spend the brand's whole API
 * throttle. Only the callers that need it are counted: customers (by customer id) and public
 * routes (by source address); staff and integrations stay under the stage throttle unless the
 * client config gives their role a limit.
 */
export interface RateLimits {
  /** Length of a counting window; windows are aligned on multiples of it since the epoch. */
  windowSeconds: number;
  /** Requests per window per source address on public routes; null: not counted. */
  public: number | null;
  /** Requests per window per caller of each role; absent or null: not counted. */
  roles: Partial<Record<Role, number | null>>;
}

/** Who a counter counts: `public` callers by address, the others by role. */
export const rateLimitedKinds = ['public', ...roles] as const;
export type RateLimitedKind = (typeof rateLimitedKinds)[number];

/** A counted caller: whose counter, and how many requests a window allows it. */
export interface CountedCaller {
  kind: RateLimitedKind;
  /** The customer id (customers), the token subject (other roles), the address (public). */
  id: string;
  limit: number;
}

/**
 * The counter a request is charged to, or none when its caller is not counted.
 *
 * A caller with several roles gets the most generous of them, and a role that is not counted
 * wins: a staff member who is also a customer is staff. Customers are counted by their customer
 * id, so their several tokens (devices, refreshes) share one allowance.
 *
 * @example
 * countedCaller(limits, { subject: 's', roles: ['customer'], customerId: 'c1' }, '203.0.113.9')
 * // → { kind: 'customer', id: 'c1', limit: 50 }
 */
export function countedCaller(limits: RateLimits, principal: Principal | undefined, sourceIp: string): CountedCaller | undefined {
  if (!principal) return limits.public === null ? undefined : { kind: 'public', id: addressKey(sourceIp), limit: limits.public };
  let chosen: { role: Role; limit: number } | undefined;
  for (const role of principal.roles) {
    const limit = limits.roles[role];
    if (limit === undefined || limit === null) return undefined;
    if (!chosen || limit > chosen.limit) chosen = { role, limit };
  }
  if (!chosen) return undefined;
  if (chosen.role === 'customer') return principal.customerId ? { kind: 'customer', id: principal.customerId, limit: chosen.limit } : undefined;
  return { kind: chosen.role, id: principal.subject, limit: chosen.limit };
}

/** The fixed window `at` falls in. */
export function windowOf(at: Date, windowSeconds: number): { start: Date; end: Date } {
  const length = windowSeconds * 1000;
  const start = Math.floor(at.getTime() / length) * length;
  return { start: new Date(start), end: new Date(start + length) };
}

/** Whole seconds until the window ends (at least 1): the `Retry-After` of a refused request. */
export function secondsUntil(end: Date, now: Date): number {
  return Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));
}

/**
 * The address a public caller is counted by. An IPv6 host usually holds a whole /64 and can
 * rotate through it, so IPv6 callers are counted by their /64 prefix; IPv4 by the address.
 */
export function addressKey(sourceIp: string): string {
  if (!sourceIp.includes(':')) return sourceIp;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(sourceIp);
  if (mapped) return mapped[1]!;
  return `${expandIPv6(sourceIp).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // A trailing dotted IPv4 part (NAT64 addresses) holds two groups.
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0'), ...right];
  return groups.map((group) => group.replace(/^0+(?=.)/, ''));
}
