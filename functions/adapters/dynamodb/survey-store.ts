import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { Survey } from '../../domain/surveys';
import type { OfferOutcome, Surveys } from '../../use-cases/ports/surveys';
import { recordOf, writeIfUnchanged } from './items';
import { indexNames, keys } from './keys';

/**
 * Surveys: one item each (`SURVEY#<id>`), on the customer's timeline (byCustomer) and listed under
 * their case (byCase, `CASESURVEYS#<caseId>`); the answer and the comment are written on it, so
 * the comment lives in this one record kind. Tokens are items of their own keyed by their SHA-256:
 * the token itself is stored nowhere. Kept as long as the customer's contacts.
 */
export class SurveyStore implements Surveys {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  async get(surveyId: string, consistent = false): Promise<Survey | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.survey(surveyId), ConsistentRead: consistent }));
    return recordOf<Survey>(Item);
  }

  async offer(survey: Survey, outbox: OutboxEvent, fatigueCutoff: string | null, fatigueUntil: Date): Promise<OfferOutcome> {
    const fatigue = {
      ...keys.surveyFatigue(survey.customerId),
      type: 'survey_fatigue',
      lastSurveyId: survey.surveyId,
      lastOfferedAt: survey.offeredAt,
      expiresAt: epoch(fatigueUntil),
    };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: this.item(survey, outbox), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.tableName,
                Item: fatigue,
                ...(fatigueCutoff === null
                  ? {}
                  : { ConditionExpression: 'attribute_not_exists(pk) OR lastOfferedAt <= :cutoff', ExpressionAttributeValues: { ':cutoff': fatigueCutoff } }),
              },
            },
          ],
        }),
      );
      return 'offered';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [surveyReason, fatigueReason] = error.CancellationReasons ?? [];
      if (surveyReason?.Code === 'ConditionalCheckFailed') return 'exists';
      if (fatigueReason?.Code === 'ConditionalCheckFailed') return 'fatigued';
      throw error;
    }
  }

  async addToken(tokenHash: string, surveyId: string, keepUntil: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.surveyToken(tokenHash), type: 'survey_token', surveyId, expiresAt: epoch(keepUntil) },
        // 128 random bits do not collide; the condition makes sure a hash never points elsewhere.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async surveyOfToken(tokenHash: string): Promise<string | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.surveyToken(tokenHash) }));
    return Item?.surveyId as string | undefined;
  }

  async answer(answered: Survey, outbox: OutboxEvent, detractor: OutboxEvent | undefined): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: this.item(answered, outbox),
                ConditionExpression: '#status = :offered',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':offered': 'offered' },
              },
            },
            ...(detractor
              ? [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: {
                        ...keys.surveyDetractor(answered.surveyId),
                        type: 'survey_detractor',
                        surveyId: answered.surveyId,
                        customerId: answered.customerId,
                        outbox: detractor,
                        expiresAt: this.retentionEnd(answered.offeredAt),
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
          ],
        }),
      ),
    );
  }

  async ofCase(caseId: string): Promise<Survey[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexNames.byCase,
        KeyConditionExpression: 'caseKey = :c',
        ExpressionAttributeValues: { ':c': keys.caseSurveys(caseId) },
        // One survey per resolution at most, and fatigue spaces them: a page is plenty.
        Limit: 20,
      }),
    );
    return (Items ?? []).map((item) => recordOf<Survey>(item)!);
  }

  private item(survey: Survey, outbox: OutboxEvent) {
    return {
      ...keys.survey(survey.surveyId),
      type: 'survey',
      customerKey: keys.customerTimeline(survey.customerId),
      timelineKey: keys.timeline(survey.offeredAt, survey.surveyId),
      ...(survey.caseId ? { caseKey: keys.caseSurveys(survey.caseId) } : {}),
      ...survey,
      outbox,
      expiresAt: this.retentionEnd(survey.offeredAt),
    };
  }

  private retentionEnd(offeredAt: string): number {
    return Math.floor(Date.parse(offeredAt) / 1000) + this.retentionDays * 86_400;
  }
}

function epoch(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
