import { describe, expect, it } from 'vitest';
import {
  caseTexts,
  chooseDelivery,
  countedStatuses,
  deliverableAt,
  notificationId,
  notificationStatuses,
  waitInWords,
  waitToTell,
} from '../../functions/domain/notifications';

const profile = { customerId: 'cus_1', identities: { emails: ['jeanne@example.com'], phones: ['+33612345678'], externalIds: [], social: [] } };

describe('Function: chooseDelivery', () => {
  it('sends nothing without consent', () => {
    expect(chooseDelivery({ consent: {} }, profile)).toEqual({ send: false, reason: 'no_consent' });
    expect(chooseDelivery({ consent: { sms: false } }, profile)).toEqual({ send: false, reason: 'no_consent' });
  });

  it('uses the preferred channel when consented, else a consented one with an address', () => {
    expect(chooseDelivery({ consent: { sms: true, email: true }, preferredChannel: 'email' }, profile)).toEqual({
      send: true,
      channel: 'email',
      address: 'jeanne@example.com',
    });
    // Preferred without consent does not count.
    expect(chooseDelivery({ consent: { sms: true }, preferredChannel: 'email' }, profile)).toEqual({ send: true, channel: 'sms', address: '+33612345678' });
    const noPhone = { ...profile, identities: { ...profile.identities, phones: [] } };
    expect(chooseDelivery({ consent: { sms: true } }, noPhone)).toEqual({ send: false, reason: 'no_address' });
  });
});

describe('Function: deliverableAt', () => {
  const quiet = { from: '21:00', to: '08:00' };

  it('holds a message back until quiet hours end, across midnight, in the client time zone', () => {
    // 23:30 in Paris (22:30 UTC in November) → 08:00 Paris = 07:00 UTC.
    expect(deliverableAt(quiet, 'Europe/Paris', new Date('2026-11-22T22:30:20Z')).toISOString()).toBe('2026-11-23T07:00:00.000Z');
    // 06:15 Paris → 08:00 the same day.
    expect(deliverableAt(quiet, 'Europe/Paris', new Date('2026-11-23T05:15:00Z')).toISOString()).toBe('2026-11-23T07:00:00.000Z');
  });

  it('sends at once outside quiet hours, or when the customer has none', () => {
    const noon = new Date('2026-11-23T11:00:00Z');
    expect(deliverableAt(quiet, 'Europe/Paris', noon)).toBe(noon);
    expect(deliverableAt(undefined, 'Europe/Paris', noon)).toBe(noon);
  });
});

describe('Function: notificationId', () => {
  it('is the same for the same request and customer, and differs otherwise', () => {
    expect(notificationId('incident#inc_1#1', 'cus_1')).toBe(notificationId('incident#inc_1#1', 'cus_1'));
    expect(notificationId('incident#inc_1#1', 'cus_1')).not.toBe(notificationId('incident#inc_1#2', 'cus_1'));
    expect(notificationId('incident#inc_1#1', 'cus_1')).toMatch(/^ntf_[0-9A-F]{26}$/);
  });
});

describe('Function: waitInWords', () => {
  it('speaks minutes, then hours, and says when it does not know', () => {
    expect(waitInWords(600, 'en')).toBe('about 10 min');
    expect(waitInWords(7200, 'fr')).toBe('environ 2 h');
    expect(waitInWords(null, 'en')).toBe('not known yet');
  });
});

describe('Function: waitToTell', () => {
  it('tells a wait only when the queue gives one: not when unknown, not when nothing waits', () => {
    expect(waitToTell(600)).toBe(600);
    expect(waitToTell(null)).toBeNull();
    expect(waitToTell(0)).toBeNull();
  });
});

describe('Texts: caseEscalated', () => {
  it('names the team, and the wait only when there is one', () => {
    expect(caseTexts.caseEscalated.en({ subject: 'Invoice', team: 'Billing', wait: 'about 10 min' })).toBe(
      'Your request "Invoice" is now with our Billing team. Estimated wait: about 10 min.',
    );
    expect(caseTexts.caseEscalated.en({ subject: 'Invoice', team: 'Billing' })).toBe('Your request "Invoice" is now with our Billing team.');
    expect(caseTexts.caseEscalated.fr({ subject: 'Facture', team: 'Facturation' })).toBe("Votre demande « Facture » a été transmise à l'équipe Facturation.");
  });
});

describe('Constants: notification statuses', () => {
  it('counts every status but the moment of sending, deferred included', () => {
    expect(notificationStatuses).toContain('deferred');
    expect([...countedStatuses].sort()).toEqual(['deferred', 'failed', 'sent', 'suppressed']);
  });
});
