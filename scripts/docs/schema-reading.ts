import { asSchema, type JsonSchema } from '../../functions/definition/json-schema';
import { code } from './format';

/**
 * Reading a JSON Schema for people: the field table of an event page and an example value.
 * Handles what our zod schemas produce (objects, arrays, enums, consts, nullable unions,
 * formats); anything else reads as "any".
 */

export interface FieldRow {
  /** Dotted path from the schema's root: `changes.status.from`, `items[].id`. */
  path: string;
  type: string;
  required: boolean;
  description: string;
}

/** One row per property, nested objects (and objects in arrays) flattened under their parent. */
export function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, value]) => {
    const field = asSchema(value);
    const path = `${prefix}${name}`;
    const row: FieldRow = { path, type: typeOf(field), required: required.has(name), description: field.description ?? '' };
    const items = mainType(field) === 'array' ? asSchema(field.items) : undefined;
    if (items && mainType(items) === 'object') return [row, ...fieldRows(items, `${path}[].`)];
    return mainType(field) === 'object' ? [row, ...fieldRows(field, `${path}.`)] : [row];
  });
}

/** The type as a reader wants it: "string (date-time)", "one of `low`, `high`", "array of string", "string or null". */
export function typeOf(field: JsonSchema): string {
  if (field.const !== undefined) return code(JSON.stringify(field.const));
  if (field.enum) return `one of ${field.enum.map((value) => code(String(value))).join(', ')}`;
  const branches = field.anyOf ?? field.oneOf;
  if (branches) return branches.map(typeOf).join(' or ');
  const types = typesOf(field);
  if (types.length === 0) return field.properties ? 'object' : 'any';
  return types
    .map((type) => {
      if (type === 'array') return `array of ${typeOf(asSchema(field.items))}`;
      return type === 'string' && field.format ? `string (${field.format})` : type;
    })
    .join(' or ');
}

/** Example values: by property name first (ids, people, teams read better than "string"), then by string format. */
export interface ExampleValues {
  readonly byName: Readonly<Record<string, unknown>>;
  readonly byFormat: Readonly<Record<string, string>>;
}

/**
 * A value valid for the schema, every optional property included so that a reader sees them all.
 * Sibling properties drawing from the same list get different values, so that a `{ from, to }`
 * change reads as a change.
 */
export function exampleOf(schema: JsonSchema, values: ExampleValues, name?: string, taken: ReadonlySet<unknown> = new Set()): unknown {
  if (name !== undefined && Object.hasOwn(values.byName, name) && isScalar(schema)) return values.byName[name];
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum.find((value) => !taken.has(value)) ?? schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return exampleOf(branches.find((branch) => branch.type !== 'null') ?? {}, values, name);
  switch (mainType(schema)) {
    case 'object':
      return objectExample(schema, values);
    case 'array':
      return [exampleOf(asSchema(schema.items), values)];
    case 'string':
      return (schema.format && values.byFormat[schema.format]) ?? 'string';
    case 'integer':
      return schema.minimum ?? 1;
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

function objectExample(schema: JsonSchema, values: ExampleValues): Record<string, unknown> {
  const example: Record<string, unknown> = {};
  const taken = new Set<unknown>();
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    example[key] = exampleOf(asSchema(value), values, key, taken);
    taken.add(example[key]);
  }
  return example;
}

/** Values by name are for leaves: a `changes.assigneeId` object is not an `assigneeId`. */
function isScalar(schema: JsonSchema): boolean {
  const type = mainType(schema);
  return type !== 'object' && type !== 'array';
}

/** The type a value mostly has: the non-null one of a nullable type, `object` when only properties say so. */
function mainType(schema: JsonSchema): string | undefined {
  const types = typesOf(schema);
  return types.find((type) => type !== 'null') ?? (schema.properties ? 'object' : types[0]);
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}
