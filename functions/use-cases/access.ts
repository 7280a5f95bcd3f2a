import type { SupportCase } from '../domain/cases';
import { isStaff, type Principal } from '../domain/roles';
import type { Dependencies } from './dependencies';
import { NotFound, Forbidden } from './errors';

/** The customer id a customer-only caller acts as; undefined for staff (agents, supervisors, integrations). */
export function actingCustomerId(principal: Principal): string | undefined {
  return isStaff(principal) ? undefined : principal.customerId;
}

/** The id a profile lives under now (a merged-away id redirects to its target). */
export async function liveCustomerId(deps: Pick<Dependencies, 'customers'>, customerId: string): Promise<string> {
  return (await deps.customers.get(customerId))?.mergedInto ?? customerId;
}

/** Whether the caller may act for this customer: staff for anyone, a customer for themselves (under any merged id). */
export async function actsFor(deps: Pick<Dependencies, 'customers'>, principal: Principal, customerId: string): Promise<boolean> {
  const acting = actingCustomerId(principal);
  if (acting === undefined || acting === customerId) return true;
  const [mine, theirs] = await Promise.all([liveCustomerId(deps, acting), liveCustomerId(deps, customerId)]);
  return mine === theirs;
}

/** Customers read and write only their own profile (under any of its merged ids). */
export async function assertOwnCustomer(deps: Pick<Dependencies, 'customers'>, principal: Principal, customerId: string, field?: string): Promise<void> {
  if (!(await actsFor(deps, principal, customerId))) throw new Forbidden('Customers can only access their own profile.', field);
}

/** Customers see only their own cases; another customer's case is "not found" so ids can't be probed. */
export async function assertCaseVisible(deps: Pick<Dependencies, 'customers'>, principal: Principal, supportCase: SupportCase): Promise<void> {
  if (!(await actsFor(deps, principal, supportCase.customerId))) throw NotFound.of('Case', supportCase.caseId);
}
