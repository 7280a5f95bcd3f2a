import { describe, expect, it } from 'vitest';
import { alreadyTriedOf, flowProblems, maxSessionActivities, newSession, newSessionId, withActivity } from '../../functions/domain/selfcare';

const step = (stepId: string, ...next: ({ step: string } | { outcome: 'solved' })[]) => ({
  stepId,
  instruction: `Do ${stepId}`,
  answers: next.map((n, i) => ({ answerId: `a${i}`, label: `A${i}`, next: n })),
});

describe('Function: flowProblems', () => {
  it('accepts a tree whose steps all exist and are reachable', () => {
    expect(flowProblems({ startStepId: 's', steps: [step('s', { step: 't' }, { outcome: 'solved' }), step('t', { step: 's' })] })).toEqual([]);
  });

  it('names each field that breaks the tree', () => {
    expect(flowProblems({ startStepId: 's', steps: [step('s', { step: 'nope' })] })).toEqual([
      { field: 'steps.0.answers.0.next.step', message: 'no step "nope" in this flow' },
    ]);
    expect(flowProblems({ startStepId: 's', steps: [step('s', { outcome: 'solved' }), step('s', { outcome: 'solved' })] })[0]!.field).toBe('steps.1.stepId');
    expect(flowProblems({ startStepId: 'x', steps: [step('s', { outcome: 'solved' })] }).map((p) => p.field)).toEqual(['startStepId']);
    expect(flowProblems({ startStepId: 's', steps: [step('s', { outcome: 'solved' }), step('orphan', { step: 's' })] }).map((p) => p.field)).toEqual([
      'steps.1.stepId',
    ]);
  });
});

describe('Function: withActivity', () => {
  it('keeps the last activities only, counting the folded ones, and the report counters as it goes', () => {
    let session = newSession(newSessionId(), '2026-12-01T10:00:00.000Z');
    const at = (i: number) => new Date(Date.parse('2026-12-01T10:00:00.000Z') + i * 1000).toISOString();
    session = withActivity(session, { type: 'search', at: at(1), searchId: 's1', query: 'box rouge', resultCount: 0, articleIds: [] });
    session = withActivity(session, { type: 'search', at: at(2), searchId: 's2', query: 'box', resultCount: 3, articleIds: ['a', 'b', 'c'] });
    session = withActivity(session, { type: 'article_viewed', at: at(3), articleId: 'a' });
    session = withActivity(session, { type: 'search', at: at(4), searchId: 's3', query: 'facture', resultCount: 2, articleIds: ['d', 'e'] });
    expect(session.counters).toMatchObject({ searches: 3, searchesWithoutResult: 1, searchesWithoutClick: 1, articlesViewed: 1 });
    for (let i = 0; i < maxSessionActivities + 5; i++) session = withActivity(session, { type: 'article_viewed', at: at(10 + i), articleId: `x${i}` });
    expect(session.activities).toHaveLength(maxSessionActivities);
    expect(session.foldedActivities).toBe(9);
    expect(session.lastActivityAt).toBe(at(10 + maxSessionActivities + 4));
  });

  it('lists for the agent the flow steps, articles, votes and the searches that found nothing, not the others', () => {
    let session = newSession('scs_x', '2026-12-01T10:00:00.000Z');
    session = withActivity(session, { type: 'search', at: '2026-12-01T10:00:01.000Z', searchId: 's1', query: 'box rouge', resultCount: 0, articleIds: [] });
    session = withActivity(session, { type: 'search', at: '2026-12-01T10:00:02.000Z', searchId: 's2', query: 'box', resultCount: 2, articleIds: ['a'] });
    session = withActivity(session, {
      type: 'flow_step',
      at: '2026-12-01T10:00:03.000Z',
      flowId: 'f',
      stepId: 'restart',
      instruction: 'Restart the box',
      answerId: 'no',
      answer: 'Not solved',
      next: { outcome: 'talk_to_someone' },
    });
    expect(alreadyTriedOf(session).map((e) => e.summary)).toEqual(['Searched "box rouge": nothing found', 'Restart the box: Not solved']);
  });

  it('makes session ids of 128 random bits that do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, newSessionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^scs_[A-Za-z0-9_-]{22}$/);
  });
});
