import { isIPv4, isIPv6 } from 'node:net';
import type { EventPattern } from '../../functions/definition/event-pattern';

/**
 * EventBridge content filtering, for the local bus: the semantics AWS documents in "Event
 * patterns" and "Content filtering in Amazon EventBridge event patterns" (and implements in
 * aws/event-ruler), restricted to the features `EventPattern` allows.
 *
 * A pattern is compiled once into a matcher; compiling is also validating, so a pattern using
 * something this file does not implement throws when a rule is loaded, instead of silently
 * never matching.
 *
 * Semantics worth knowing:
 * - fields of one object are AND, values of one array are OR, `$or` is OR of whole patterns;
 * - a field named by the pattern but absent from the event does not match (except
 *   `exists: false`);
 * - operators see the *leaf* values of a field: a scalar, or each scalar of an array (so an
 *   array-valued field matches when any element does). An object is not a leaf: `exists: true`
 *   does not match it and `exists: false` does, as in event-ruler;
 * - a nested pattern under an array of objects must match within one element.
 */

export type EventMatcher = (event: unknown) => boolean;

export class InvalidEventPatternError extends Error {
  override name = 'InvalidEventPatternError';
}

/** Validates a pattern and returns a function that tells whether an event matches it. */
export function compilePattern(pattern: EventPattern): EventMatcher {
  return compileObject(pattern, []);
}

/** Throws an `InvalidEventPatternError` naming the offending field if the local bus cannot apply this pattern. */
export function validatePattern(pattern: unknown): asserts pattern is EventPattern {
  compileObject(pattern, []);
}

/** Whether the event matches the pattern (which is validated first: an invalid pattern throws). */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return compilePattern(pattern)(event);
}

type Leaf = string | number | boolean | null;
type JsonObject = Readonly<Record<string, unknown>>;
type Path = readonly string[];
/** Tests the leaf values found at one field (none when the field is absent or holds only objects). */
type LeafTest = (leaves: readonly Leaf[]) => boolean;
type ValueTest = (leaf: Leaf) => boolean;
type StringTest = (text: string) => boolean;
/** Tests one object of the event (undefined when the event has no object there). */
type FieldTest = (object: JsonObject | undefined) => boolean;

function compileObject(pattern: unknown, path: Path): EventMatcher {
  if (!isJsonObject(pattern)) fail(path, `must be an object of fields, got ${show(pattern)}`);
  const fields = Object.entries(pattern);
  if (fields.length === 0) fail(path, 'must name at least one field (an empty pattern would match every event)');
  const tests = fields.map(([name, value]) => compileField(name, value, path));
  return (value) => objectsAt(value).some((object) => tests.every((test) => test(object)));
}

function compileField(name: string, value: unknown, parent: Path): FieldTest {
  const path = [...parent, name];
  if (name === '$or') return compileOr(value, path);
  if (Array.isArray(value)) {
    const test = compileLeafValues(value, path);
    return (object) => test(leavesOf(fieldOf(object, name)));
  }
  if (isJsonObject(value)) {
    const matches = compileObject(value, path);
    return (object) => matches(fieldOf(object, name));
  }
  fail(path, `must be an array of values or a nested pattern, got ${show(value)}`);
}

function compileOr(alternatives: unknown, path: Path): FieldTest {
  // event-ruler only reads "$or" as OR with two or more patterns (otherwise it is a field name):
  // refusing fewer keeps the two runtimes from disagreeing.
  if (!Array.isArray(alternatives) || alternatives.length < 2) fail(path, `$or takes an array of at least two patterns, got ${show(alternatives)}`);
  const matchers = alternatives.map((alternative, index) => compileObject(alternative, [...path, String(index)]));
  return (object) => matchers.some((matches) => matches(object));
}

function compileLeafValues(values: readonly unknown[], path: Path): LeafTest {
  if (values.length === 0) fail(path, 'an empty array of values would never match');
  const tests = values.map((value) => compileValue(value, path));
  return (leaves) => tests.some((test) => test(leaves));
}

function compileValue(value: unknown, path: Path): LeafTest {
  if (isLeaf(value)) {
    if (typeof value === 'number') finiteNumber(value, path, 'a number');
    // Numbers compare numerically (301.8 and 3.018e2 are one JSON number); a string never equals a number.
    return anyLeaf((leaf) => leaf === value);
  }
  const [operator, operand] = singleOperator(value, path);
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return anyLeaf(onStrings(affixTest(operator, operand, path, { ignoreCaseAllowed: true })));
    case 'equals-ignore-case':
      return anyLeaf(onStrings(ignoreCaseTest([stringOperand(operand, path, operator)])));
    case 'wildcard':
      return anyLeaf(onStrings(wildcardTest(operand, path)));
    case 'numeric':
      return anyLeaf(numericTest(operand, path));
    case 'cidr':
      return anyLeaf(onStrings(cidrTest(operand, path)));
    case 'anything-but': {
      const excluded = anythingButExclusion(operand, path);
      return anyLeaf((leaf) => !excluded(leaf));
    }
    case 'exists':
      if (typeof operand !== 'boolean') fail(path, `exists takes true or false, got ${show(operand)}`);
      return (leaves) => leaves.length > 0 === operand;
    default:
      fail(
        path,
        `unknown or unsupported operator "${operator}" (supported: prefix, suffix, equals-ignore-case, wildcard, numeric, cidr, anything-but, exists)`,
      );
  }
}

/** The operator object of a leaf value: exactly one key, e.g. `{ "prefix": "eu-" }`. */
function singleOperator(value: unknown, path: Path): [string, unknown] {
  if (!isJsonObject(value)) fail(path, `values must be strings, numbers, booleans, null or operator objects, got ${show(value)}`);
  const entries = Object.entries(value);
  if (entries.length !== 1) fail(path, `an operator object has exactly one operator, got ${show(value)}`);
  return entries[0] as [string, unknown];
}

function anyLeaf(test: ValueTest): LeafTest {
  return (leaves) => leaves.some(test);
}

/** String operators only match string values (a number never has a prefix). */
function onStrings(test: StringTest): ValueTest {
  return (leaf) => typeof leaf === 'string' && test(leaf);
}

/** `prefix` / `suffix`: a string, or (where allowed) `{ "equals-ignore-case": string }`. */
function affixTest(operator: 'prefix' | 'suffix', operand: unknown, path: Path, { ignoreCaseAllowed }: { ignoreCaseAllowed: boolean }): StringTest {
  const has = operator === 'prefix' ? (text: string, affix: string) => text.startsWith(affix) : (text: string, affix: string) => text.endsWith(affix);
  if (typeof operand === 'string') return (text) => has(text, operand);
  if (ignoreCaseAllowed && isJsonObject(operand)) {
    const [inner, affix] = singleOperator(operand, path);
    if (inner === 'equals-ignore-case' && typeof affix === 'string') {
      const folded = foldCase(affix);
      return (text) => has(foldCase(text), folded);
    }
  }
  fail(path, `${operator} takes a string${ignoreCaseAllowed ? ' or { "equals-ignore-case": string }' : ''}, got ${show(operand)}`);
}

function ignoreCaseTest(values: readonly string[]): StringTest {
  const folded = new Set(values.map(foldCase));
  return (text) => folded.has(foldCase(text));
}

function foldCase(text: string): string {
  return text.toLowerCase();
}

/** `*` matches any run of characters (even empty); `\*` is a literal star and `\\` a literal backslash. */
function wildcardTest(operand: unknown, path: Path): StringTest {
  const pattern = stringOperand(operand, path, 'wildcard');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '\\') {
      const escaped = pattern.charAt(i + 1);
      if (escaped !== '*' && escaped !== '\\') fail(path, `in a wildcard a backslash may only escape "*" or "\\", in ${show(pattern)}`);
      source += escapeRegExp(escaped);
      i++;
    } else if (char === '*') {
      // AWS refuses consecutive wildcards; so do we, so that a rule valid here deploys.
      if (pattern.charAt(i + 1) === '*') fail(path, `consecutive wildcard characters are not allowed, in ${show(pattern)}`);
      source += '.*';
    } else {
      source += escapeRegExp(char);
    }
  }
  const regex = new RegExp(`^${source}$`, 's');
  return (text) => regex.test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const comparisons = {
  '=': (value: number, bound: number) => value === bound,
  '<': (value: number, bound: number) => value < bound,
  '<=': (value: number, bound: number) => value <= bound,
  '>': (value: number, bound: number) => value > bound,
  '>=': (value: number, bound: number) => value >= bound,
} as const;
type Comparison = keyof typeof comparisons;

/** `[op, n]`, or a range `[">" | ">=", low, "<" | "<=", high]` with low < high, as AWS accepts them. */
function numericTest(operand: unknown, path: Path): ValueTest {
  const usage = 'numeric takes [operator, number] or [">" or ">=", low, "<" or "<=", high]';
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) fail(path, `${usage}, got ${show(operand)}`);
  const conditions: { operator: Comparison; bound: number }[] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const operator: unknown = operand[i];
    const bound: unknown = operand[i + 1];
    if (typeof operator !== 'string' || !Object.hasOwn(comparisons, operator)) fail(path, `unknown numeric operator ${show(operator)} (use =, <, <=, >, >=)`);
    if (typeof bound !== 'number') fail(path, `numeric bounds are JSON numbers, got ${show(bound)}`);
    conditions.push({ operator: operator as Comparison, bound: finiteNumber(bound, path, 'a numeric bound') });
  }
  const [low, high] = conditions;
  if (high && low) {
    const isLow = low.operator === '>' || low.operator === '>=';
    const isHigh = high.operator === '<' || high.operator === '<=';
    if (!isLow || !isHigh) fail(path, `${usage}, got ${show(operand)}`);
    if (low.bound >= high.bound) fail(path, `the low bound must be less than the high bound, got ${show(operand)}`);
  }
  return (leaf) => typeof leaf === 'number' && conditions.every(({ operator, bound }) => comparisons[operator](leaf, bound));
}

/** IPv4 only: the stack's patterns do not filter on IPv6 addresses, so one fails loudly. */
function cidrTest(operand: unknown, path: Path): StringTest {
  const block = stringOperand(operand, path, 'cidr');
  const [address = '', bitsText = '', ...rest] = block.split('/');
  if (isIPv6(address)) fail(path, `IPv6 blocks are not supported by the local bus, got ${show(block)}`);
  const bits = Number(bitsText);
  if (rest.length > 0 || !isIPv4(address) || !/^\d{1,2}$/.test(bitsText) || bits > 32)
    fail(path, `cidr takes an IPv4 block such as "10.0.0.0/24", got ${show(block)}`);
  // `>>> 0` keeps the 32-bit values unsigned; a /0 block has no network bits at all.
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const network = (ipv4ToInt(address) & mask) >>> 0;
  return (text) => isIPv4(text) && (ipv4ToInt(text) & mask) >>> 0 === network;
}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/**
 * The values `anything-but` excludes. A value the exclusion does not describe matches, including
 * a value of another type (a number is "anything but" the string "initializing").
 */
function anythingButExclusion(operand: unknown, path: Path): ValueTest {
  if (typeof operand === 'string') return (leaf) => leaf === operand;
  if (typeof operand === 'number') {
    finiteNumber(operand, path, 'an anything-but number');
    return (leaf) => leaf === operand;
  }
  if (Array.isArray(operand)) {
    const allNumbers = operand.every((value) => typeof value === 'number' && Number.isFinite(value));
    if (operand.length === 0 || !(isStringList(operand) || allNumbers))
      fail(path, `an anything-but list holds only strings or only numbers, got ${show(operand)}`);
    const excluded = new Set<unknown>(operand);
    return (leaf) => excluded.has(leaf);
  }
  if (isJsonObject(operand)) {
    const [operator, inner] = singleOperator(operand, path);
    switch (operator) {
      case 'prefix':
      case 'suffix':
        return onStrings(affixTest(operator, inner, path, { ignoreCaseAllowed: false }));
      case 'equals-ignore-case':
        return onStrings(ignoreCaseTest(typeof inner === 'string' ? [inner] : stringListOperand(inner, path, 'anything-but equals-ignore-case')));
      default:
        fail(path, `anything-but supports prefix, suffix and equals-ignore-case, not "${operator}"`);
    }
  }
  fail(path, `anything-but takes a string, a number, a list of strings or of numbers, or { prefix | suffix | equals-ignore-case }, got ${show(operand)}`);
}

function stringOperand(operand: unknown, path: Path, operator: string): string {
  if (typeof operand !== 'string') fail(path, `${operator} takes a string, got ${show(operand)}`);
  return operand;
}

function stringListOperand(operand: unknown, path: Path, operator: string): readonly string[] {
  if (!isStringList(operand) || operand.length === 0) fail(path, `${operator} takes a string or a non-empty list of strings, got ${show(operand)}`);
  return operand;
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function finiteNumber(value: number, path: Path, what: string): number {
  if (!Number.isFinite(value)) fail(path, `${what} must be finite, got ${show(value)}`);
  return value;
}

/** The objects a nested pattern applies to: the value itself, or each object of an array (flattened, as EventBridge does). */
function objectsAt(value: unknown): (JsonObject | undefined)[] {
  if (isJsonObject(value)) return [value];
  if (Array.isArray(value)) {
    const objects = value.flat(Infinity).filter(isJsonObject);
    if (objects.length > 0) return objects;
  }
  // Nothing to look into: every field below is absent (which `exists: false` matches).
  return [undefined];
}

/** Own fields only: an event never "has" `constructor` or `toString`. */
function fieldOf(object: JsonObject | undefined, name: string): unknown {
  return object && Object.hasOwn(object, name) ? object[name] : undefined;
}

function leavesOf(value: unknown): Leaf[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  return isLeaf(value) ? [value] : [];
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : String(JSON.stringify(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function fail(path: Path, problem: string): never {
  throw new InvalidEventPatternError(`Invalid event pattern at ${path.length > 0 ? path.join('.') : 'its root'}: ${problem}`);
}
