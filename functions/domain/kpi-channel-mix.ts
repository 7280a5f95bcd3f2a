import { type Channel, channels } from './channels';
import { count, ratio } from './kpi-ratio';

/** Contacts per channel: each of the channels' count and share of the period's contacts (every channel listed, 0 included). */
export function contactsPerChannel(byChannel: Partial<Record<Channel, Partial<Record<string, number>>>>) {
  const counts = channels.map((channel) => ({ channel, contacts: count(byChannel[channel] ?? {}, 'contacts') }));
  const total = counts.reduce((sum, c) => sum + c.contacts, 0);
  return counts.map((c) => ({ ...c, share: ratio(c.contacts, total) }));
}
