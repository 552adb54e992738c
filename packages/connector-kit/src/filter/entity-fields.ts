import type { EntityDefinition, FieldDefinition } from "../core/model/entity.js";
import type { ConnectorOperator } from "../core/model/enums.js";
import { DEFAULT_FILTER_OPERATORS } from "../core/model/filter-operators.js";
import type { ComparisonOperator } from "./ast.js";

/**
 * The ConnectorOperator a comparison operator needs in a field's `filterOperators`; also the operator of the
 * AppFlow Filter task that compares this way (`connector flow deploy`).
 */
export const OPERATOR_REQUIREMENT: Readonly<Record<ComparisonOperator, ConnectorOperator>> = {
  ">": "GREATER_THAN",
  ">=": "GREATER_THAN_OR_EQUAL_TO",
  "<": "LESS_THAN",
  "<=": "LESS_THAN_OR_EQUAL_TO",
  "=": "EQUAL_TO",
  "!=": "NOT_EQUAL_TO",
  CONTAINS: "CONTAINS",
};

/** Fields by name (first definition wins when a name repeats). */
export function indexFields(definition: EntityDefinition): Map<string, FieldDefinition> {
  const map = new Map<string, FieldDefinition>();
  for (const f of definition.fields) if (!map.has(f.fieldName)) map.set(f.fieldName, f);
  return map;
}

/** The operators a field allows: its own `filterOperators`, or the data type's defaults when absent/null. */
export function allowedOperators(field: FieldDefinition): readonly ConnectorOperator[] {
  return field.filterOperators ?? DEFAULT_FILTER_OPERATORS[field.dataType] ?? [];
}

/** Queryable unless `readProperties.isQueryable` is explicitly `false`. */
export function isQueryable(field: FieldDefinition): boolean {
  return field.readProperties?.isQueryable !== false;
}
