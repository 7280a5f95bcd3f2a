import { problems } from '../commons/http/problem';
import type { SupportCase } from '../domain/cases';
import { isStaff, type Principal } from '../domain/roles';
import type { Dependencies } from './dependencies';

/** The customer id a customer-only caller acts as; undefined for staff (agents, supervisors, integrations). */
export function actingCustomerId(principal: Principal): string | undefined {
  return isStaff(principal) ? undefined : principal.customerId;
}

/** The id a profile lives under now (a merged-away id redirects to its target). */
export async function liveCustomerId(deps: Dependencies, customerId: string): Promise<string> {
  return (await deps.customers.get(customerId))?.mergedInto ?? customerId;
}

/** Customers read and write only their own profile (under any of its merged ids). */
export async function assertOwnCustomer(deps: Dependencies, principal: Principal, customerId: string, field?: string): Promise<void> {
  const acting = actingCustomerId(principal);
  if (acting === undefined || acting === customerId) return;
  const [mine, theirs] = await Promise.all([liveCustomerId(deps, acting), liveCustomerId(deps, customerId)]);
  if (mine !== theirs) throw problems.forbidden('Customers can only access their own profile.', field);
}

/** Customers see only their own cases; another customer's case is "not found" so ids can't be probed. */
export async function assertCaseVisible(deps: Dependencies, principal: Principal, supportCase: SupportCase): Promise<void> {
  const acting = actingCustomerId(principal);
  if (acting === undefined || acting === supportCase.customerId) return;
  const [mine, owner] = await Promise.all([liveCustomerId(deps, acting), liveCustomerId(deps, supportCase.customerId)]);
  if (mine !== owner) throw problems.notFound('Case', supportCase.caseId);
}
