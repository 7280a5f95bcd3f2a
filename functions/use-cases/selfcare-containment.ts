import type { Channel } from '../domain/channels';
import { withoutExpiry } from '../domain/selfcare';
import { contactFollowsSession, contactIncrements, followedBy } from '../domain/selfcare-report';
import type { Dependencies } from './dependencies';
import { Conflict } from './errors';
import { lostRace, retryOnConflict } from './retry-on-conflict';

/** The default when the function was deployed without the selfcare setting (the client config's default). */
const defaultContactWindowHours = 24;

/**
 * A contact of a customer (inbound, recorded on another channel than self-care) checked against
 * their latest signed-in session: when it comes within the client's window after the session's
 * last activity and the session was neither handed over nor already followed, the session is
 * marked and counted as followed by a contact (the report's containment), both in one write.
 * Primary course: one read of the customer's follow-up note (absent for almost every contact);
 * the session, then the marked session with its counter.
 */
export async function countContactAfterSession(
  deps: Pick<Dependencies, 'selfcare' | 'settings' | 'now'>,
  customerId: string,
  contact: { at: string; channel: Channel },
): Promise<void> {
  if (contact.channel === 'web_selfcare') return;
  const sessionId = await deps.selfcare.followUpOf(customerId, deps.now());
  if (!sessionId) return;
  const windowHours = deps.settings.SELFCARE_CONTACT_WINDOW_HOURS ?? defaultContactWindowHours;
  try {
    await retryOnConflict({ attempts: 3, conflict: `Self-care session ${sessionId}: could not count the contact that followed it` }, async () => {
      const session = await deps.selfcare.getSession(sessionId, deps.now());
      if (!session || session.customerId !== customerId || !contactFollowsSession(session, contact.at, windowHours)) return;
      const written = await deps.selfcare.replaceSession(followedBy(withoutExpiry(session), contact), session.version, new Date(session.expiresAt), {
        counts: contactIncrements(session),
      });
      return written ? undefined : lostRace;
    });
  } catch (error) {
    // The contact is stored already: a session that kept changing is left uncounted rather than
    // turn the recorded contact into an error (a retry would record it twice).
    if (!(error instanceof Conflict)) throw error;
  }
}
