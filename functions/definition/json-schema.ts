import * as z from 'zod/mini';

/**
 * zod → JSON Schema 2020-12 with the rules every published schema follows: the OpenAPI document
 * (`GET /openapi.json`, docs/openapi.json) and the event catalog (docs/events/schemas) both
 * convert through here, so they describe data the same way.
 */

/** A JSON Schema as zod produces it (2020-12 keywords, typed; anything else is `unknown`). */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

type Subschema = z.core.JSONSchema._JSONSchema;

/**
 * Requests are described as the caller writes them (zod's input: before transforms and
 * defaults, so `limit` is optional and a phone number may have spaces); responses and events as
 * we send them (zod's output).
 */
export type SchemaIo = 'input' | 'output';

/**
 * The JSON Schema of a zod schema. `subject` names it in errors ("POST /cases body").
 *
 * Anything without a JSON Schema equivalent (a transform in a response, a date object) throws
 * instead of silently documenting `{}`: the generator runs in the unit tests, so the fix (a plain
 * schema, or `.meta()` describing the value) is made before the contract ships.
 */
export function toJsonSchema(schema: z.ZodMiniType, io: SchemaIo, subject: string): JsonSchema {
  return z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: ({ path, message }) => {
      throw new Error(`${subject}: ${message} (at ${path.join('.') || 'the root'})`);
    },
    override: ({ zodSchema, jsonSchema }) => {
      if (io === 'output') openToAdditions(zodSchema, jsonSchema);
      dropSafeIntegerBounds(jsonSchema);
      exampleAsExamples(jsonSchema);
    },
  });
}

/**
 * What we send is open to additions. zod marks every output object `additionalProperties: false`
 * (parsing strips unknown keys), but a consumer validating with that schema would reject the next
 * optional field we add. Only objects declared strict stay closed.
 */
function openToAdditions(zodSchema: z.core.$ZodType, jsonSchema: JsonSchema): void {
  if (isPlainObject(zodSchema) && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
}

/**
 * zod bounds every `.int()` to ±(2^53 − 1), the integers a JSON parser using doubles holds
 * exactly: not a rule of ours, and noise on every integer, so only real bounds are published.
 */
function dropSafeIntegerBounds(jsonSchema: JsonSchema): void {
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
}

/**
 * `.meta({ example })` is published as 2020-12's `examples: [example]` (OpenAPI 3.1 deprecates
 * `example`). Contracts use `example` for a value as the caller writes it (`+33 6 12 34 56 78`):
 * zod reads `examples` as output values and drops them from the input side of a transform.
 */
function exampleAsExamples(jsonSchema: JsonSchema): void {
  if (!('example' in jsonSchema)) return;
  jsonSchema.examples = [jsonSchema.example];
  delete jsonSchema.example;
}

/** `z.object` (not `z.strictObject`, not `z.looseObject`): no catchall. */
function isPlainObject(schema: z.core.$ZodType): boolean {
  return schema instanceof z.core.$ZodObject && schema._zod.def.catchall === undefined;
}

/**
 * A subschema position (`properties.x`, `items`) read as a schema: `true` and `false` are the
 * accept-all and accept-nothing schemas. Tuples (an array under `items`) don't occur in our
 * contracts and read as accept-all.
 */
export function asSchema(value: Subschema | Subschema[] | undefined): JsonSchema {
  if (value === undefined || value === true || Array.isArray(value)) return {};
  return value === false ? { not: {} } : value;
}
