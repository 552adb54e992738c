import type { EntityDefinition } from "../core/model/entity.js";
import type { FilterQuery } from "../filter/ast.js";
import { parseFilter } from "../filter/parser.js";
import { validateFilter } from "../filter/validate.js";

export interface QueryFilter {
  /** The expression as sent, or null when it is absent or blank. */
  expression: string | null;
  /** The parsed filter, validated against the entity when AppFlow sent its definition. */
  filter: FilterQuery | null;
  /** The LIMIT, or null. */
  limit: number | null;
}

/**
 * Parses the request's filter expression (blank means none) and validates it against the entity: a syntax
 * error or a field, operator or value the entity does not allow is an InvalidArgument naming it.
 */
export function parseQueryFilter(expression: string | null, entity: EntityDefinition | null): QueryFilter {
  if (expression === null || expression.trim() === "") return { expression: null, filter: null, limit: null };
  const filter = parseFilter(expression);
  if (entity) validateFilter(filter, entity);
  return { expression, filter, limit: filter.limit?.value ?? null };
}
