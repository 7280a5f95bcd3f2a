import { describe, expect, it } from 'vitest';
import { groupByChannel, type Interaction } from '../../functions/domain/interactions';
import { decodeCursor, encodeCursor } from '../../functions/domain/cursor';

const interaction = (id: string, channel: Interaction['channel'], occurredAt: string): Interaction => ({
  interactionId: id,
  customerId: 'cus_1',
  channel,
  direction: 'inbound',
  occurredAt,
  recordedAt: occurredAt,
  recordedBy: 'integration',
});

describe('Function: groupByChannel', () => {
  it('puts the most recently active channel first and each conversation in the order it went', () => {
    // Prepare
    const chat1 = interaction('int_a', 'chat', '2026-11-22T08:00:00.000Z');
    const chat2 = interaction('int_b', 'chat', '2026-11-22T08:05:00.000Z');
    const phone = interaction('int_c', 'phone', '2026-11-22T09:00:00.000Z');
    const email = interaction('int_d', 'email', '2026-11-21T09:00:00.000Z');

    // Act
    const groups = groupByChannel([phone, chat2, email, chat1]);

    // Assess
    expect(groups.map((g) => g.channel)).toEqual(['phone', 'chat', 'email']);
    expect(groups[1]!.interactions.map((i) => i.interactionId)).toEqual(['int_a', 'int_b']);
    expect(groups[1]!.lastContactAt).toBe('2026-11-22T08:05:00.000Z');
  });
});

describe('Function: decodeCursor', () => {
  it('round-trips a timeline key and refuses anything else', () => {
    const key = '2026-11-22T08:00:00.000Z#int_01JAAAAAAAAAAAAAAAAAAAAAAA';

    expect(decodeCursor(encodeCursor(key))).toBe(key);
    expect(decodeCursor(encodeCursor('CUSTOMER#x'))).toBeUndefined();
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
  });
});
