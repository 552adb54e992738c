import type { EntityDefinition } from "../model/entity.js";

export interface QueryFilter {
  /** The expression, or null when it is absent or blank. */
  expression: string | null;
  /** The LIMIT, or null. */
  limit: number | null;
}

/** Reads the request's filter expression: blank means no filter. Parsing and validation come with the filter module. */
export function parseQueryFilter(expression: string | null, _entity: EntityDefinition | null): QueryFilter {
  if (expression === null || expression.trim() === "") return { expression: null, limit: null };
  return { expression, limit: null };
}
