import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ClientConfig } from '../config/client-config';
import { functionEnvironment, type ResourceNames } from '../definition/environment';
import { type FunctionDefinition, type FunctionName, functions } from '../definition/functions';
import { routes } from '../definition/routes';
import { archive, rules } from '../definition/rules';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { DataTables } from './constructs/data-tables';
import { EscalationQueues } from './constructs/escalation-queues';
import { OpsDashboard } from './constructs/ops-dashboard';
import { type EscalationQueue, escalationQueues } from '../../functions/domain/escalations';
import { SupportEventBus } from './constructs/event-bus';
import { SupportHttpApi } from './constructs/http-api';
import { TableStreamMapping } from './constructs/outbox-relay-trigger';
import { SupportFunction } from './constructs/support-function';

export interface SupportStackProps extends StackProps {
  readonly config: ClientConfig;
}

/**
 * One client brand's backend, built entirely from the declaration in lib/definition/ and the
 * client's config: tables, event bus with its rules and archive, one function per declared
 * function with exactly its declared access, the HTTP API with one route per declared route.
 */
export class SupportStack extends Stack {
  public readonly tables: DataTables;
  public readonly escalationQueues: EscalationQueues;
  public readonly eventBus: SupportEventBus;
  public readonly functions: Record<FunctionName, SupportFunction>;
  public readonly httpApi: SupportHttpApi;
  public readonly dashboard: OpsDashboard;

  constructor(scope: Construct, id: string, props: SupportStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retain = config.stage === 'prod';
    const logRetention = config.retention.logsDays as logs.RetentionDays;

    this.tables = new DataTables(this, 'DataTables', { retain });
    this.escalationQueues = new EscalationQueues(this, 'EscalationQueues', { routing: config.routing, retain });
    this.eventBus = new SupportEventBus(this, 'Events', {
      queues: this.escalationQueues.queues,
      busName: `support-${config.clientId}`,
      rules,
      archive: { pattern: archive.pattern, retentionDays: archive.retentionDays[config.stage] },
      logRetention,
      retain,
    });
    const names: ResourceNames = {
      dataTable: this.tables.data.tableName,
      idempotencyTable: this.tables.idempotency.tableName,
      eventBus: this.eventBus.bus.eventBusName,
    };

    this.functions = Object.fromEntries(
      (Object.entries(functions) as [FunctionName, FunctionDefinition][]).map(([name, definition]) => {
        const fn = new SupportFunction(this, pascal(name), {
          definition,
          environment: functionEnvironment(config, definition, names),
          logRetention,
          retainLogs: retain,
        });
        if (definition.access.data === 'read') fn.grantTableRead(this.tables.data);
        if (definition.access.data === 'readWrite') fn.grantTableReadWrite(this.tables.data);
        if (definition.access.idempotency) fn.grantTableReadWrite(this.tables.idempotency);
        if (definition.access.bus === 'publish') fn.grantPutEvents(this.eventBus.bus);
        if (definition.trigger?.kind === 'tableStream') {
          new TableStreamMapping(this, `${pascal(name)}Trigger`, { fn: fn.function, table: this.tables.data, trigger: definition.trigger, retain });
        }
        if (definition.trigger?.kind === 'queue') {
          const settings = config.routing.queues[definition.trigger.queue];
          fn.function.addEventSource(
            new SqsEventSource(this.escalationQueues.queues[definition.trigger.queue], {
              batchSize: settings.batchSize,
              maxConcurrency: settings.maxConcurrency,
              reportBatchItemFailures: true,
            }),
          );
          Validations.of(fn.function).acknowledge({
            id: 'Serverless-LambdaEventSourceMappingDestination',
            reason: 'SQS mappings take no on-failure destination: failed messages go to the queue’s own dead-letter queue (redrive policy), which alarms.',
          });
        }
        return [name, fn];
      }),
    ) as Record<FunctionName, SupportFunction>;

    this.httpApi = new SupportHttpApi(this, 'Http', {
      config,
      routes,
      functions: Object.fromEntries(Object.entries(this.functions).map(([name, fn]) => [name, fn.function])) as Record<FunctionName, SupportFunction['function']>,
      logRetention,
      retain,
    });

    const worker = (queue: EscalationQueue) => this.functions[`escalationWorker${queue[0]!.toUpperCase()}${queue.slice(1)}` as FunctionName].function;
    this.dashboard = new OpsDashboard(this, 'Ops', {
      clientId: config.clientId,
      apiId: this.httpApi.api.apiId,
      queues: this.escalationQueues.queues,
      deadLetters: this.escalationQueues.deadLetters,
      workers: Object.fromEntries(escalationQueues.map((queue) => [queue, worker(queue)])) as Record<EscalationQueue, SupportFunction['function']>,
      relay: this.functions.outboxRelay.function,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.api.apiEndpoint });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.bus.eventBusName });
    new CfnOutput(this, 'DataTableName', { value: this.tables.data.tableName });
    if (this.httpApi.userPool) new CfnOutput(this, 'UserPoolId', { value: this.httpApi.userPool.userPoolId });
  }
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
