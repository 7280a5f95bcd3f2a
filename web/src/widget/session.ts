import type { ApiClient } from '../api/client';

/**
 * The visitor's self-care session: created at their first action (a search, a flow, a view) and
 * kept for the tab (sessionStorage), so a reload goes on with what was already tried. Its id is
 * the only key to an anonymous session: it never leaves this tab but to the API.
 */
export function sessionKeeper(api: ApiClient, storageKey = 'support-widget-session') {
  let pending: Promise<string> | undefined;
  return {
    async id(): Promise<string> {
      const kept = sessionStorage.getItem(storageKey);
      if (kept) return kept;
      pending ??= api.POST('/selfcare/sessions').then(({ data }) => {
        if (!data) throw new Error('The session could not be started.');
        sessionStorage.setItem(storageKey, data.sessionId);
        return data.sessionId;
      });
      return pending;
    },
    /** After a 404 (the session expired): the next action starts a new one. */
    forget(): void {
      sessionStorage.removeItem(storageKey);
      pending = undefined;
    },
  };
}
