/**
 * IAM's evaluation of an identity policy, for the local runtime: the statements of a function's
 * role as the stack synthesized them (CloudFormation intrinsics resolved to local ARNs), and a
 * request (action, resource ARN, condition keys) allowed or refused as IAM would. Only what our
 * roles use is supported; anything else fails closed (an Allow it cannot read allows nothing, a
 * Deny it cannot read denies), so a gap here shows as a refusal, never as a silent allow.
 */

/** A statement as it appears in a synthesized template (Resource and condition values may hold intrinsics). */
export interface PolicyStatementJson {
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** A statement with every intrinsic resolved: plain strings, lists everywhere. */
export interface ResolvedStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly conditions: readonly { readonly operator: string; readonly key: string; readonly values: readonly string[] }[];
}

/** One request as IAM authorises it. A condition key absent from `context` is absent from the request. */
export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys; `unknown` when the local runtime could not work the value out (fails closed). */
  readonly context: Readonly<Record<string, readonly string[] | 'unknown'>>;
}

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly explicit: boolean };

/**
 * The values a template fragment stands for, given what each logical id and pseudo parameter is
 * locally. A list, because `Fn::Join` over a reference with several local values (several runtimes
 * in one process, see local/iam/enforce.ts) stands for each of them. Unresolvable: [] (matches nothing).
 */
export type Lookup = (logicalId: string, attribute: string | undefined) => readonly string[];

export function resolveFragment(fragment: unknown, lookup: Lookup): string[] {
  if (typeof fragment === 'string') return [fragment];
  if (typeof fragment === 'number' || typeof fragment === 'boolean') return [String(fragment)];
  if (Array.isArray(fragment)) return fragment.flatMap((part) => resolveFragment(part, lookup));
  if (fragment === null || typeof fragment !== 'object') return [];
  const object = fragment as Record<string, unknown>;
  if (typeof object.Ref === 'string') return [...(pseudoParameters[object.Ref] ?? lookup(object.Ref, undefined))];
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return [...lookup(String(getAtt[0]), String(getAtt[1]))];
  const join = object['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, unknown[]];
    // Each part is one value; a part with several local values multiplies the results.
    let combinations: string[][] = [[]];
    for (const part of parts) {
      const values = resolveFragment(part, lookup);
      combinations = combinations.flatMap((combination) => values.map((value) => [...combination, value]));
    }
    return combinations.map((combination) => combination.join(separator));
  }
  const select = object['Fn::Select'];
  if (Array.isArray(select)) {
    const [index, list] = select as [number, unknown];
    const values = resolveFragment(list, lookup);
    return values[Number(index)] === undefined ? [] : [values[Number(index)]!];
  }
  const split = object['Fn::Split'];
  if (Array.isArray(split)) {
    const [separator, source] = split as [string, unknown];
    return resolveFragment(source, lookup).flatMap((value) => value.split(separator));
  }
  return [];
}

/** The pseudo parameters, as the local runtime's ARNs spell them (local/aws.ts: region eu-west-3, account 000000000000). */
export const localAccount = '000000000000';
const pseudoParameters: Record<string, readonly string[]> = {
  'AWS::Partition': ['aws'],
  'AWS::Region': ['eu-west-3'],
  'AWS::AccountId': [localAccount],
  'AWS::URLSuffix': ['amazonaws.com'],
};

export function resolveStatement(statement: PolicyStatementJson, lookup: Lookup): ResolvedStatement {
  const list = (value: unknown) => (value === undefined ? undefined : resolveFragment(value, lookup));
  const actions = list(statement.Action);
  const notActions = list(statement.NotAction);
  const resources = list(statement.Resource);
  const notResources = list(statement.NotResource);
  return {
    effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
    ...(actions ? { actions } : {}),
    ...(notActions ? { notActions } : {}),
    ...(resources ? { resources } : {}),
    ...(notResources ? { notResources } : {}),
    conditions: Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
      Object.entries(keys).map(([key, values]) => ({ operator, key, values: resolveFragment([values].flat(), lookup) })),
    ),
  };
}

/** IAM's order: an explicit Deny wins, then any Allow, else the implicit deny. */
export function authorize(statements: readonly ResolvedStatement[], request: AuthorizationRequest): Decision {
  const applies = (statement: ResolvedStatement) => matchesAction(statement, request.action) && matchesResource(statement, request.resource);
  if (statements.some((s) => s.effect === 'Deny' && applies(s) && s.conditions.every((c) => conditionHolds(c, request, 'Deny'))))
    return { allowed: false, explicit: true };
  if (statements.some((s) => s.effect === 'Allow' && applies(s) && s.conditions.every((c) => conditionHolds(c, request, 'Allow')))) return { allowed: true };
  return { allowed: false, explicit: false };
}

function matchesAction(statement: ResolvedStatement, action: string): boolean {
  if (statement.actions) return statement.actions.some((pattern) => wildcard(pattern, 'i').test(action));
  if (statement.notActions) return !statement.notActions.some((pattern) => wildcard(pattern, 'i').test(action));
  return false;
}

function matchesResource(statement: ResolvedStatement, resource: string): boolean {
  if (statement.resources) return statement.resources.some((pattern) => wildcard(pattern).test(resource));
  if (statement.notResources) return !statement.notResources.some((pattern) => wildcard(pattern).test(resource));
  return false;
}

/** IAM's wildcards: `*` any run of characters, `?` one. Actions compare case-insensitively, ARNs case-sensitively. */
function wildcard(pattern: string, flags = ''): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    flags,
  );
}

/**
 * One condition of a statement, with IAM's rules for absent keys: a positive operator is false,
 * a negated one true, `...IfExists` true; `ForAllValues:` is true for an absent or empty key,
 * `ForAnyValue:` false. An operator we do not implement, or a key whose value the local runtime
 * could not work out, makes an Allow fail and a Deny apply.
 */
function conditionHolds(condition: ResolvedStatement['conditions'][number], request: AuthorizationRequest, effect: 'Allow' | 'Deny'): boolean {
  const failClosed = effect === 'Deny';
  const [qualifier, rest] = condition.operator.includes(':') ? (condition.operator.split(':', 2) as [string, string]) : [undefined, condition.operator];
  const ifExists = rest.endsWith('IfExists');
  const operator = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const compare = comparisons[operator];
  if (!compare || (qualifier !== undefined && qualifier !== 'ForAllValues' && qualifier !== 'ForAnyValue')) return failClosed;
  const present = Object.entries(request.context).find(([key]) => key.toLowerCase() === condition.key.toLowerCase())?.[1];
  if (present === 'unknown') return failClosed;
  const negated = operator.includes('Not');
  const matches = (value: string) => condition.values.some((expected) => compare(value, expected));
  if (qualifier === 'ForAllValues') return (present ?? []).every((value) => (negated ? !matches(value) : matches(value)));
  if (qualifier === 'ForAnyValue') return (present ?? []).some((value) => (negated ? !matches(value) : matches(value)));
  if (present === undefined || present.length === 0) return ifExists || negated;
  return negated ? !present.some(matches) : present.some(matches);
}

const comparisons: Record<string, (value: string, expected: string) => boolean> = {
  StringEquals: (value, expected) => value === expected,
  StringNotEquals: (value, expected) => value === expected,
  StringEqualsIgnoreCase: (value, expected) => value.toLowerCase() === expected.toLowerCase(),
  StringNotEqualsIgnoreCase: (value, expected) => value.toLowerCase() === expected.toLowerCase(),
  StringLike: (value, expected) => wildcard(expected).test(value),
  StringNotLike: (value, expected) => wildcard(expected).test(value),
  ArnEquals: (value, expected) => value === expected,
  ArnNotEquals: (value, expected) => value === expected,
  ArnLike: (value, expected) => wildcard(expected).test(value),
  ArnNotLike: (value, expected) => wildcard(expected).test(value),
  Bool: (value, expected) => value.toLowerCase() === expected.toLowerCase(),
};
