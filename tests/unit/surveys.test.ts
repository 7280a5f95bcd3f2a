import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  defaultDetractorThresholds,
  detractorReasons,
  hashSurveyToken,
  isSurveyToken,
  newSurveyToken,
  resolutionTrigger,
  surveyIdOf,
  surveyLink,
  unaskedAnswers,
} from '../../functions/domain/surveys';
import { ClientConfig } from '../../lib/config/client-config';
import { demoConfig } from '../helpers/runtime';

describe('Surveys: the link token', () => {
  it('is 128 random bits in 22 base64url characters, a new one each time', () => {
    // Act
    const tokens = Array.from({ length: 1000 }, () => newSurveyToken());

    // Assess
    for (const token of tokens.slice(0, 20)) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(16);
    }
    expect(new Set(tokens).size).toBe(1000);
  });

  it('is stored as its SHA-256 only, which does not contain it', () => {
    const token = newSurveyToken();

    expect(hashSurveyToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashSurveyToken(token)).not.toContain(token);
  });

  it('refuses anything that is not a token as issued, before any read', () => {
    expect(isSurveyToken(newSurveyToken())).toBe(true);
    for (const malformed of ['', 'A'.repeat(21), 'A'.repeat(23), `${'A'.repeat(21)}+`, `${'A'.repeat(21)}/`, `${'A'.repeat(21)}=`, '../../etc/passwd']) {
      expect(isSurveyToken(malformed)).toBe(false);
    }
  });

  it('goes into the link only when sent: stored, the link keeps `{token}`', () => {
    const pageUrl = 'https://survey.example.com/s/{token}?from=notice';

    expect(surveyLink(pageUrl)).toBe(pageUrl);
    expect(surveyLink(pageUrl, 'abc_DEF-123')).toBe('https://survey.example.com/s/abc_DEF-123?from=notice');
  });
});

describe('Surveys: ids, questions asked, triggers, detractors', () => {
  it('gives one survey id per offering and customer, so a redelivery finds the same survey', () => {
    expect(surveyIdOf('event#1', 'cus_A')).toBe(surveyIdOf('event#1', 'cus_A'));
    expect(surveyIdOf('event#1', 'cus_A')).not.toBe(surveyIdOf('event#2', 'cus_A'));
    expect(surveyIdOf('event#1', 'cus_A')).not.toBe(surveyIdOf('event#1', 'cus_B'));
    expect(surveyIdOf('event#1', 'cus_A')).toMatch(/^svy_[0-9A-F]{26}$/);
  });

  it('names the answers to questions the survey did not ask, and a comment it did not offer', () => {
    const survey = { questions: ['csat', 'preference'] as const, comment: false };

    expect(unaskedAnswers({ ...survey, questions: [...survey.questions] }, { csat: 4, preference: 'yes' })).toEqual([]);
    expect(unaskedAnswers({ ...survey, questions: [...survey.questions] }, { csat: 4, nps: 9, ces: 2 })).toEqual(['answers.ces', 'answers.nps']);
    expect(unaskedAnswers({ ...survey, questions: [...survey.questions] }, { csat: 4 }, 'Great')).toEqual(['comment']);
    expect(unaskedAnswers({ questions: ['csat'], comment: true }, { csat: 4 }, 'Great')).toEqual([]);
  });

  it('surveys a handed-over case as selfcare_handover when the client asks it, else as a resolution', () => {
    expect(resolutionTrigger(['case_resolved', 'selfcare_handover'], 'web_selfcare')).toBe('selfcare_handover');
    expect(resolutionTrigger(['case_resolved', 'selfcare_handover'], 'email')).toBe('case_resolved');
    expect(resolutionTrigger(['case_resolved'], 'web_selfcare')).toBe('case_resolved');
    expect(resolutionTrigger(['selfcare_handover'], 'email')).toBeUndefined();
    expect(resolutionTrigger(['callback_completed'], undefined)).toBeUndefined();
  });

  it('makes a detractor of csat ≤ 2, ces ≥ 6 or preference no by default, and of the client thresholds otherwise', () => {
    expect(detractorReasons({ csat: 2, ces: 6, preference: 'no' })).toEqual(['csat', 'ces', 'preference']);
    expect(detractorReasons({ csat: 3, ces: 5, preference: 'maybe', nps: 0 })).toEqual([]);
    expect(detractorReasons({ csat: 3, preference: 'maybe' }, { ...defaultDetractorThresholds, csatAtMost: 3, preference: ['no', 'maybe'] })).toEqual([
      'csat',
      'preference',
    ]);
  });
});

describe('Surveys: the client config', () => {
  const base = { ...demoConfig, surveys: undefined } as Record<string, unknown>;
  const parse = (surveys: unknown) => ClientConfig.safeParse({ ...base, surveys });

  it('defaults what the issue says: open 14 days, csat ≤ 2 / ces ≥ 6 / preference no, no loop action, the link on the preferred channel', () => {
    const parsed = parse({ questions: ['csat'], triggers: ['case_resolved'], pageUrl: 'https://survey.example.com/s/{token}' });

    expect(parsed.success).toBe(true);
    expect(parsed.data!.surveys).toMatchObject({
      comment: true,
      delivery: 'preferred_channel',
      openDays: 14,
      detractor: { csatAtMost: 2, cesAtLeast: 6, preference: ['no'] },
      loopAction: 'none',
    });
  });

  it('refuses a page URL without {token}, an unknown question, trigger or action, and thresholds off the scales', () => {
    const valid = { questions: ['csat'], triggers: ['case_resolved'], pageUrl: 'https://survey.example.com/s/{token}' };
    const paths = (surveys: unknown) => (parse(surveys).error?.issues ?? []).map((issue) => issue.path.join('.'));

    expect(paths({ ...valid, pageUrl: 'https://survey.example.com/s/' })).toEqual(['surveys.pageUrl']);
    expect(paths({ ...valid, questions: ['mood'] })).toEqual(['surveys.questions.0']);
    expect(paths({ ...valid, triggers: ['birthday'] })).toEqual(['surveys.triggers.0']);
    expect(paths({ ...valid, loopAction: 'send_flowers' })).toEqual(['surveys.loopAction']);
    expect(paths({ ...valid, detractor: { csatAtMost: 6, cesAtLeast: 6, preference: ['no'] } })).toEqual(['surveys.detractor.csatAtMost']);
    expect(paths({ ...valid, questions: [] })).toEqual(['surveys.questions']);
  });
});
