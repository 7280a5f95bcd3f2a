import { describe, expect, it } from 'vitest';
import { dataRequestsOf } from '../../local/data-access';

describe('Function: dataRequestsOf', () => {
  it('authorises a transaction item by item, as IAM does (TransactWriteItems is no action of its own)', () => {
    // Act
    const requests = dataRequestsOf('TransactWriteItemsCommand', {
      TransactItems: [
        { Put: { TableName: 'data' } },
        { Update: { TableName: 'data' } },
        { Delete: { TableName: 'data' } },
        { ConditionCheck: { TableName: 'other' } },
      ],
    });

    // Assess
    expect(requests).toEqual([
      { action: 'dynamodb:PutItem', table: 'data' },
      { action: 'dynamodb:UpdateItem', table: 'data' },
      { action: 'dynamodb:DeleteItem', table: 'data' },
      { action: 'dynamodb:ConditionCheckItem', table: 'other' },
    ]);
    expect(dataRequestsOf('TransactGetItemsCommand', { TransactItems: [{ Get: { TableName: 'data' } }] })).toEqual([
      { action: 'dynamodb:GetItem', table: 'data' },
    ]);
  });

  it('names each table of a batch, and the index of a Query', () => {
    expect(dataRequestsOf('BatchGetItemCommand', { RequestItems: { data: {}, idempotency: {} } })).toEqual([
      { action: 'dynamodb:BatchGetItem', table: 'data' },
      { action: 'dynamodb:BatchGetItem', table: 'idempotency' },
    ]);
    expect(dataRequestsOf('QueryCommand', { TableName: 'data', IndexName: 'byCase' })).toEqual([{ action: 'dynamodb:Query', table: 'data', index: 'byCase' }]);
    expect(dataRequestsOf('QueryCommand', { TableName: 'data' })).toEqual([{ action: 'dynamodb:Query', table: 'data' }]);
    expect(dataRequestsOf('ScanCommand', { TableName: 'data' })).toEqual([{ action: 'dynamodb:Scan', table: 'data' }]);
  });
});
