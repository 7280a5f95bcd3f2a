import * as z from 'zod/mini';

/**
 * A copy of `schema` carrying documentation metadata (a description, an example, the `id` the
 * OpenAPI document and the event catalog name it by): what `.meta()` and `.describe()` are in
 * zod classic. The schemas are written with zod/mini, whose functions a bundle keeps only when
 * it uses them (classic's methods bring all of zod into every Lambda, ~70 KB more).
 *
 * Why not mini's `z.meta()` check: a check stays on the schema, so an object extended or picked
 * from a documented one would inherit its `id` (two components of one name), and `z.pick`
 * refuses an object with checks. A registered copy, like classic's, keeps the metadata on that
 * copy; wrappers and copies of it still read it through their parent.
 *
 * Marked free of side effects (as zod's own functions are) so that a bundle drops a documented
 * schema it never uses: the registration only matters to the generators of the documents.
 */
/* @__NO_SIDE_EFFECTS__ */
export function meta<T extends z.ZodMiniType>(schema: T, metadata: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, metadata);
  return copy;
}
