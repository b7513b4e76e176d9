import type * as z from "./zod.ts";

/**
 * The API view of a row, derived from the view's schema (itself derived from the table with
 * drizzle-zod's `createSelectSchema`): the schema's fields taken from the row, timestamps as ISO
 * strings and Postgres numerics (strings in the driver) as numbers where the schema says so, then
 * checked by the schema, so a view can never say more than it declares nor differ from it.
 */
export function rowView<Shape extends z.ZodRawShape, Row extends Record<string, unknown>>(
  schema: z.ZodObject<Shape>,
): (row: Row) => z.infer<z.ZodObject<Shape>> {
  const fields = Object.keys(schema.shape);
  return (row) => {
    const wire: Record<string, unknown> = {};
    for (const field of fields) {
      const value = row[field];
      wire[field] = value instanceof Date ? value.toISOString() : value;
    }
    return schema.parse(wire);
  };
}
