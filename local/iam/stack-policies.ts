import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { buildSync } from 'esbuild';
import type { IConstruct } from 'constructs';
import type { FunctionDefinition, FunctionName } from '../../functions/definition/functions';
import type { WorkQueue } from '../../functions/definition/queues';
import type { TableName } from '../../functions/definition/table';
import type { WebhookTargetName } from '../../functions/domain/webhooks';
import type { ClientConfig } from '../../lib/config/client-config';
import { repoRoot } from '../paths';
import type { PolicyStatementJson } from './policy';

/** What a logical id of the stack is, in terms of the declaration (and so of the local runtime). */
export type DeclaredResource =
  | { readonly kind: 'table'; readonly table: TableName }
  | { readonly kind: 'queue'; readonly queue: WorkQueue }
  | { readonly kind: 'deadLetterQueue'; readonly queue: WorkQueue }
  | { readonly kind: 'streamFailures' }
  | { readonly kind: 'bus' }
  | { readonly kind: 'secret'; readonly target: WebhookTargetName }
  | { readonly kind: 'erasureKey' }
  | { readonly kind: 'logGroup'; readonly function: FunctionName };

/** Each function's role as the stack synthesizes it, and what the logical ids its statements name are. */
export interface StackPolicies {
  readonly roles: Readonly<Record<string, { readonly logicalId: string; readonly statements: readonly PolicyStatementJson[] }>>;
  readonly resources: Readonly<Record<string, DeclaredResource>>;
}

const cacheDir = join(repoRoot, '.build', 'local-iam');
const memory = new Map<string, StackPolicies>();

/**
 * The roles of the client's stack, synthesized from the same code that `cdk deploy` runs
 * (SupportStack, without bundling: policies do not depend on the code a function runs).
 * A synth costs seconds, so it is done once per process and kept on disk under .build/, keyed by
 * the config, the declaration and the content of every source file the stack is built from (the
 * import graph of SupportStack), of this module and of package-lock.json: any change that could
 * change a policy synthesizes again; otherwise `npm start` and each test file read the cached
 * result in a fraction of a second.
 */
export async function stackPolicies(config: ClientConfig, functions: Readonly<Record<FunctionName, FunctionDefinition>>): Promise<StackPolicies> {
  const key = cacheKey(config, functions);
  const cached = memory.get(key) ?? readCache(key);
  if (cached) {
    memory.set(key, cached);
    return cached;
  }
  const policies = await synthesize(config, functions);
  memory.set(key, policies);
  writeCache(key, policies);
  return policies;
}

async function synthesize(config: ClientConfig, functions: Readonly<Record<FunctionName, FunctionDefinition>>): Promise<StackPolicies> {
  // Loaded only on a cache miss: aws-cdk-lib takes a while to import, and never reaches a Lambda bundle (functions/ never imports local/).
  const [{ App }, { SupportStack }] = await Promise.all([import('aws-cdk-lib'), import('../../lib/stack/support-stack')]);
  const outdir = mkdtempSync(join(tmpdir(), 'support-local-iam-'));
  try {
    const app = new App({ outdir });
    // No env: ARNs stay in pseudo parameters (AWS::Region, AWS::AccountId), which map to the local ones.
    const stack = new SupportStack(app, `Support-${config.clientId}`, { config, bundle: false, functions });
    const template = app.synth().getStackByName(stack.stackName).template as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const id = (construct: IConstruct) => stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
    const resources: Record<string, DeclaredResource> = {};
    for (const [table, construct] of Object.entries(stack.tables)) resources[id(construct)] = { kind: 'table', table: table as TableName };
    for (const [queue, construct] of Object.entries(stack.workQueues.queues)) resources[id(construct)] = { kind: 'queue', queue: queue as WorkQueue };
    for (const [queue, construct] of Object.entries(stack.workQueues.deadLetters))
      resources[id(construct)] = { kind: 'deadLetterQueue', queue: queue as WorkQueue };
    for (const [target, construct] of Object.entries(stack.webhookSecrets)) resources[id(construct!)] = { kind: 'secret', target: target as WebhookTargetName };
    resources[id(stack.streamFailures)] = { kind: 'streamFailures' };
    resources[id(stack.erasureKey)] = { kind: 'erasureKey' };
    resources[id(stack.eventBus.bus)] = { kind: 'bus' };
    const roles: Record<string, { logicalId: string; statements: PolicyStatementJson[] }> = {};
    for (const [name, fn] of Object.entries(stack.functions)) {
      resources[id(fn.logGroup)] = { kind: 'logGroup', function: name as FunctionName };
      const roleId = id(fn.role);
      const attached = Object.values(template.Resources)
        .filter(
          (resource) =>
            resource.Type === 'AWS::IAM::Policy' &&
            (resource.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })),
        )
        .map((policy) => policy.Properties.PolicyDocument);
      const inline = ((template.Resources[roleId]?.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map((policy) => policy.PolicyDocument);
      roles[name] = {
        logicalId: roleId,
        statements: [...attached, ...inline].flatMap((document) => [(document as { Statement: PolicyStatementJson | PolicyStatementJson[] }).Statement].flat()),
      };
    }
    return { roles, resources };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function cacheKey(config: ClientConfig, functions: Readonly<Record<FunctionName, FunctionDefinition>>): string {
  const hash = createHash('sha256').update(JSON.stringify({ config, functions }));
  // This module's own code too: it decides what is kept of the synth.
  for (const file of [...synthSources(), join(repoRoot, 'local', 'iam', 'stack-policies.ts'), join(repoRoot, 'package-lock.json')]) {
    hash.update(relative(repoRoot, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The source files the stack is built from: what SupportStack imports, transitively (esbuild
 * follows the imports in a fraction of a second, packages left out). Editing a handler does not
 * change them, so it costs no new synth; editing the declaration or a construct does.
 */
function synthSources(): string[] {
  const { metafile } = buildSync({
    entryPoints: [join(repoRoot, 'lib', 'stack', 'support-stack.ts')],
    absWorkingDir: repoRoot,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs)
    .map((file) => resolve(repoRoot, file))
    .sort();
}

function readCache(key: string): StackPolicies | undefined {
  try {
    return JSON.parse(readFileSync(join(cacheDir, `${key}.json`), 'utf8')) as StackPolicies;
  } catch {
    return undefined;
  }
}

/** Written whole then renamed: test files synthesizing at the same time never read half a file. */
function writeCache(key: string, policies: StackPolicies): void {
  mkdirSync(cacheDir, { recursive: true });
  const temporary = join(cacheDir, `${key}.${process.pid}.tmp`);
  writeFileSync(temporary, JSON.stringify(policies));
  renameSync(temporary, join(cacheDir, `${key}.json`));
}
