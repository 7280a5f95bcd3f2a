import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FunctionDefinition, type FunctionName, functions } from '../functions/definition/functions';
import { type DataAccessLog, watchDataAccess } from './data-access';
import type { LocalIam } from './iam/enforce';

/**
 * Loads the handlers of the functions named (after the environment is set: modules read it at
 * import) and wraps each so that its invocations' DynamoDB requests are recorded as that
 * function's, and each of its SDK calls is checked against its role. Handlers that share an
 * entry (the escalation workers) are told apart by the function invoked, not the module. The
 * runtime's process loads the functions it drives there; the queue workers' process, its own
 * (local/queue-workers.ts).
 */
export async function loadHandlers(dataAccess: DataAccessLog, iam: LocalIam, names: readonly FunctionName[]): Promise<Map<FunctionName, unknown>> {
  const root = resolve(import.meta.dirname, '..');
  const { dynamoDbClient } = (await import(
    pathToFileURL(join(root, 'functions/adapters/dynamodb/client.ts')).href
  )) as typeof import('../functions/adapters/dynamodb/client');
  watchDataAccess(dynamoDbClient);
  const entries = await Promise.all(
    names.map(async (name) => {
      const fn: FunctionDefinition = functions[name];
      const module = (await import(pathToFileURL(join(root, fn.entry)).href)) as { handler: (...args: unknown[]) => unknown };
      return [name, (...args: unknown[]) => dataAccess.invoke(name, () => iam.invoke(name, () => module.handler(...args)))] as const;
    }),
  );
  return new Map(entries);
}
