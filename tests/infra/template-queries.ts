import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

/** A CloudFormation resource as it appears in a synthesized template. */
export interface CfnResourceJson {
  Type: string;
  Properties: Record<string, any>;
  DeletionPolicy?: string;
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/**
 * Small read helpers over one stack's template, addressed through the stack's constructs (so a
 * test says `fn.role`, not a hashed logical id).
 */
export class TemplateQueries {
  readonly resources: Record<string, CfnResourceJson>;

  constructor(
    private readonly stack: Stack,
    readonly template: Template,
  ) {
    this.resources = template.toJSON().Resources;
  }

  logicalId(construct: IConstruct): string {
    return this.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
  }

  resource(construct: IConstruct): CfnResourceJson {
    return this.resources[this.logicalId(construct)]!;
  }

  ofType(type: string): [string, CfnResourceJson][] {
    return Object.entries(this.resources).filter(([, r]) => r.Type === type);
  }

  /** Every statement of the policies attached to a role, plus its inline policies. */
  roleStatements(role: IConstruct): PolicyStatementJson[] {
    const roleId = this.logicalId(role);
    const attached = this.ofType('AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
      .map(([, p]) => p.Properties.PolicyDocument);
    const inline = ((this.resources[roleId]!.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument);
    return [...attached, ...inline].flatMap((doc) => (doc as { Statement: PolicyStatementJson[] }).Statement);
  }
}

export function actionsOf(statements: readonly PolicyStatementJson[]): string[] {
  return statements.flatMap((s) => [s.Action].flat());
}

/**
 * What a fragment of template (a resource ARN, a Join) refers to: `<logicalId>` for a Ref or the
 * Arn attribute, `<logicalId>.<attribute>` for another attribute (a table's StreamArn).
 */
export function referencedIds(fragment: unknown): string[] {
  if (Array.isArray(fragment)) return fragment.flatMap(referencedIds);
  if (fragment === null || typeof fragment !== 'object') return [];
  const object = fragment as Record<string, unknown>;
  if (typeof object.Ref === 'string') return [object.Ref];
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return [getAtt[1] === 'Arn' ? String(getAtt[0]) : `${getAtt[0]}.${getAtt[1]}`];
  return Object.values(object).flatMap(referencedIds);
}

/** The actions a set of statements allows on resources that refer to `logicalId`. */
export function actionsOn(statements: readonly PolicyStatementJson[], logicalId: string): string[] {
  return actionsOf(statements.filter((s) => s.Effect === 'Allow' && referencedIds(s.Resource).includes(logicalId)));
}

/** Each (action, resource) a set of statements allows on resources that refer to `logicalId`, as `action <resource JSON>`. */
export function grantsOn(statements: readonly PolicyStatementJson[], logicalId: string): string[] {
  return statements
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) =>
      [s.Resource]
        .flat()
        .filter((resource) => referencedIds(resource).includes(logicalId))
        .flatMap((resource) => actionsOf([s]).map((action) => `${action} ${JSON.stringify(resource)}`)),
    );
}

/** Tags in either template form: a list of { Key, Value } or a map. */
export function tagsOf(properties: Record<string, any>): Record<string, string> | undefined {
  const tags = properties.Tags ?? properties.UserPoolTags ?? properties.Replicas?.[0]?.Tags;
  if (tags === undefined) return undefined;
  return Array.isArray(tags) ? Object.fromEntries(tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value])) : tags;
}
