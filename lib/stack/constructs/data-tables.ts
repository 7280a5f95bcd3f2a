import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { type TableDefinition, type TableName, tables } from '../../../functions/definition/table';
import { pascalCase } from '../naming';

export interface DataTablesProps {
  /** `prod`: the tables are retained when the stack goes and are protected from deletion. */
  readonly retain: boolean;
}

/**
 * One DynamoDB table per entry of `tables` (functions/definition/table.ts): on-demand, point-in-time
 * recovery, encrypted with the AWS-managed key, TTL, the declared indexes and stream.
 *
 * @example
 * const { data } = new DataTables(stack, 'DataTables', { retain: config.stage === 'prod' }).tables;
 */
export class DataTables extends Construct {
  public readonly tables: Readonly<Record<TableName, dynamodb.TableV2>>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.tables = Object.fromEntries(
      (Object.entries(tables) as [TableName, TableDefinition][]).map(([name, table]) => [name, this.table(pascalCase(name), table, props.retain)]),
    ) as Record<TableName, dynamodb.TableV2>;
  }

  private table(id: string, table: TableDefinition, retain: boolean): dynamodb.TableV2 {
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    return new dynamodb.TableV2(this, id, {
      partitionKey: attribute(table.partitionKey),
      ...(table.sortKey ? { sortKey: attribute(table.sortKey) } : {}),
      globalSecondaryIndexes: table.globalIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      // Contact volumes follow campaigns and incidents: pay per request, nothing to provision.
      billing: dynamodb.Billing.onDemand(),
      // The AWS-managed key (aws/dynamodb) rather than the default AWS-owned one: its use shows in
      // the client's CloudTrail, at no key cost. A customer-managed key would add a key per client
      // and grants on every function role for no control the clients have asked for; a client
      // that requires one changes this line for its stack.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: table.timeToLiveAttribute,
      ...(table.stream ? { dynamoStream: dynamodb.StreamViewType[table.stream] } : {}),
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
