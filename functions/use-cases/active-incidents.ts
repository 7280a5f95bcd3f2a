import { affects } from '../domain/incidents';
import type { Segments } from '../domain/customers';
import type { Dependencies } from './dependencies';
import type { ActiveIncident } from './ports/incidents';

let cached: { at: number; incidents: ActiveIncident[] } | undefined;

/**
 * The active incidents that affect a customer with these segments. The list is read from its
 * work list at most every 30 s per instance: every contact checks it, and incidents are few.
 */
export async function incidentsAffecting(
  deps: Pick<Dependencies, 'incidents' | 'settings' | 'now'>,
  segments: Segments | undefined,
): Promise<ActiveIncident[]> {
  if (!segments || Object.keys(segments).length === 0) return [];
  const now = deps.now().getTime();
  if (!cached || now - cached.at > deps.settings.ACTIVE_INCIDENTS_CACHE_SECONDS * 1000) cached = { at: now, incidents: await deps.incidents.active() };
  return cached.incidents.filter((incident) => affects(incident, segments));
}
