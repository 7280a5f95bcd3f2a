import { ratio } from './kpi-ratio';

/**
 * Incident deflection, per incident declared in the period and in total: of the customers
 * notified of it, those who did not contact support while it was active (deflected) against those
 * who did. `contacted` counts distinct customers of its segments who contacted during it, at most
 * the notified ones.
 */
export function incidentDeflection(incidents: readonly { incidentId: string; notified: number; contactingCustomers: number; contacts: number }[]) {
  const rows = incidents.map((incident) => {
    const contacted = Math.min(incident.contactingCustomers, incident.notified);
    return {
      incidentId: incident.incidentId,
      notified: incident.notified,
      contacted,
      deflected: incident.notified - contacted,
      contacts: incident.contacts,
      rate: ratio(incident.notified - contacted, incident.notified),
    };
  });
  const notified = rows.reduce((sum, r) => sum + r.notified, 0);
  const deflected = rows.reduce((sum, r) => sum + r.deflected, 0);
  return { rate: ratio(deflected, notified), notified, deflected, contacted: notified - deflected, incidents: rows };
}
