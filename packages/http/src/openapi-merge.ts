/** The parts of an OpenAPI 3.1 document that merging touches; everything else is carried over from the base. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown> | undefined>;
  [extension: string]: unknown;
}

/**
 * One document from the gateway's and every domain worker's: paths and components are united.
 * Two workers claiming the same operation, or defining one component name differently, is a
 * programming error and throws rather than letting one silently win.
 */
export function mergeOpenApiDocuments(base: OpenApiDocument, ...others: OpenApiDocument[]): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = structuredClone(base.paths ?? {});
  const components: Record<string, Record<string, unknown>> = {};
  for (const [section, entries] of Object.entries(structuredClone(base.components ?? {}))) {
    if (entries) components[section] = entries;
  }
  for (const other of others) {
    for (const [path, operations] of Object.entries(other.paths ?? {})) {
      const merged = paths[path] ?? {};
      for (const [method, operation] of Object.entries(operations)) {
        if (method in merged) throw new Error(`OpenAPI merge: ${method.toUpperCase()} ${path} is defined twice`);
        merged[method] = operation;
      }
      paths[path] = merged;
    }
    for (const [section, entries] of Object.entries(other.components ?? {})) {
      const merged = components[section] ?? {};
      for (const [name, definition] of Object.entries(entries ?? {})) {
        if (name in merged && JSON.stringify(merged[name]) !== JSON.stringify(definition)) {
          throw new Error(`OpenAPI merge: components.${section}.${name} differs between workers`);
        }
        merged[name] = definition;
      }
      components[section] = merged;
    }
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  const tags = tagByResource(sortedPaths);
  return { ...base, paths: sortedPaths, components, tags: tags.map((name) => ({ name })) };
}

/**
 * Groups operations by the resource their path names (`/v1/bookings/{id}/cancel` → "bookings"), so a
 * reference lists them by resource. An operation that has tags keeps them. Answers the tags, sorted.
 */
function tagByResource(paths: Record<string, Record<string, unknown>>): string[] {
  const used = new Set<string>();
  for (const [path, operations] of Object.entries(paths)) {
    const resource = path.split("/").filter(Boolean)[1] ?? "general";
    for (const operation of Object.values(operations)) {
      if (!operation || typeof operation !== "object") continue;
      const tagged = "tags" in operation && Array.isArray(operation.tags) ? operation.tags : undefined;
      if (!tagged) Object.assign(operation, { tags: [resource] });
      for (const tag of tagged ?? [resource]) if (typeof tag === "string") used.add(tag);
    }
  }
  return [...used].sort();
}
