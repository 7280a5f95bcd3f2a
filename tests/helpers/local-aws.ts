import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { localAwsClientConfig } from '../../local/aws';
import { createTables } from '../../local/dynamodb';

/** SDK clients on the run's DynamoDB Local and SQS emulator (started once by global-setup.ts). */
export function dataClients() {
  const endpoint = inject('dynamodbEndpoint');
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  return {
    endpoint,
    client,
    documentClient: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    sqsEndpoint: inject('sqsEndpoint'),
    sqs: new SQSClient(localAwsClientConfig(inject('sqsEndpoint'))),
  };
}

/** Fresh tables, as declared, under names no other test file uses (every file shares the one DynamoDB Local). */
export async function createTestTables(): Promise<{ data: string; idempotency: string }> {
  const suffix = randomBytes(4).toString('hex');
  const names = { data: `test-${suffix}-data`, idempotency: `test-${suffix}-idempotency` };
  const { client } = dataClients();
  await createTables(client, names);
  client.destroy();
  return names;
}
