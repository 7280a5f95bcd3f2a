import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { type TableDefinition, tables } from '../../definition/table';

export interface DataTablesProps {
  /** `prod` retains the tables and turns deletion protection on. */
  readonly retain: boolean;
}

/** The tables declared in lib/definition/table.ts: on-demand, PITR, AWS-managed encryption, TTL. */
export class DataTables extends Construct {
  public readonly data: dynamodb.TableV2;
  public readonly idempotency: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.data = this.table('Data', tables.data, props.retain);
    this.idempotency = this.table('Idempotency', tables.idempotency, props.retain);
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
      billing: dynamodb.Billing.onDemand(),
      // AWS-owned keys would be free but invisible in CloudTrail; the AWS-managed key is auditable
      // at no key cost. A client that requires its own key changes this line for its stack.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: table.timeToLiveAttribute,
      ...(table.stream ? { dynamoStream: dynamodb.StreamViewType[table.stream] } : {}),
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
