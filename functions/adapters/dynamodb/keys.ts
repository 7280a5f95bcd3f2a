import type { IdentityKind } from '../../domain/identities';

/**
 * Key values of the data table, one function per item type. The attribute names are declared in
 * lib/definition/table.ts; the access patterns these keys serve are listed in docs/data-model.md.
 */
export const keys = {
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'PROFILE' }),
  identity: (kind: IdentityKind, value: string) => ({ pk: `IDENTITY#${kind}#${value}`, sk: 'IDENTITY' }),
  interaction: (interactionId: string) => ({ pk: `INTERACTION#${interactionId}`, sk: 'INTERACTION' }),
  case: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  escalation: (escalationId: string) => ({ pk: `ESCALATION#${escalationId}`, sk: 'ESCALATION' }),
  /** Partition of the byCustomer index: every timeline record of one profile. */
  customerTimeline: (customerId: string) => `CUSTOMER#${customerId}`,
  /** Partition of the byCase index: every interaction of one case. */
  caseTimeline: (caseId: string) => `CASE#${caseId}`,
  /**
   * Sort key of both indexes: UTC time at millisecond precision (fixed width, so it sorts as
   * time) then the record id (unique, so it can serve as a page cursor).
   */
  timeline: (at: string, recordId: string) => `${new Date(at).toISOString()}#${recordId}`,
};

export const indexNames = { byCustomer: 'byCustomer', byCase: 'byCase' } as const;
