import type { EntityDefinition } from "../../core/model/entity.js";
import type { ConnectorOperator, FieldDataType } from "../../core/model/enums.js";

const EQUALITY: readonly ConnectorOperator[] = ["EQUAL_TO", "NOT_EQUAL_TO"];
const ORDERING: readonly ConnectorOperator[] = [
  "EQUAL_TO",
  "NOT_EQUAL_TO",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL_TO",
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL_TO",
  "BETWEEN",
];

/**
 * The filter operators that make sense for each data type: a superset of `DEFAULT_FILTER_OPERATORS` (which
 * AppFlow assumes when a field lists none). A field listing an operator outside its type's set fails the
 * conformance check.
 *
 * - numbers, Date, DateTime: equality, ordering and BETWEEN (the defaults leave BETWEEN out for numbers, but a
 *   range on a number is meaningful);
 * - String: CONTAINS, equality, ordering and BETWEEN (lexicographic ranges, which many sources support);
 * - Boolean, ByteArray: equality only (no CONTAINS on a Boolean, no ordering);
 * - Map, List: CONTAINS only (key presence / element membership);
 * - Struct: nothing (no BETWEEN or CONTAINS on an arbitrary structure).
 *
 * Operators that are not row filters (PROJECTION, arithmetic, masks, validations, NO_OP) are never allowed in
 * `filterOperators`.
 */
export const ALLOWED_FILTER_OPERATORS: Readonly<Record<FieldDataType, readonly ConnectorOperator[]>> = {
  String: ["CONTAINS", ...ORDERING],
  Integer: ORDERING,
  Float: ORDERING,
  Double: ORDERING,
  Long: ORDERING,
  Short: ORDERING,
  BigInteger: ORDERING,
  BigDecimal: ORDERING,
  ByteArray: EQUALITY,
  Boolean: EQUALITY,
  Date: ORDERING,
  DateTime: ORDERING,
  Struct: [],
  Map: ["CONTAINS"],
  List: ["CONTAINS"],
};

/** Data types a field driving incremental pulls may have. */
export const INCREMENTAL_DATA_TYPES: readonly FieldDataType[] = ["Date", "DateTime"];

/** Field names are non-empty and unique. */
export function fieldNameProblems(definition: EntityDefinition): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  definition.fields.forEach((f, i) => {
    if (f.fieldName.trim() === "") problems.push(`fields[${i}] has an empty fieldName`);
    const first = seen.get(f.fieldName);
    if (first !== undefined)
      problems.push(`field "${f.fieldName}" is defined twice (fields[${first}] and fields[${i}])`);
    else seen.set(f.fieldName, i);
  });
  return problems;
}

/** Every operator in a field's `filterOperators` is allowed for its data type (see `ALLOWED_FILTER_OPERATORS`). */
export function filterOperatorProblems(definition: EntityDefinition): string[] {
  const problems: string[] = [];
  for (const f of definition.fields) {
    const allowed = ALLOWED_FILTER_OPERATORS[f.dataType];
    for (const op of f.filterOperators ?? []) {
      if (!allowed.includes(op)) {
        problems.push(
          `field "${f.fieldName}" (${f.dataType}) declares filter operator ${op}, which makes no sense for ${f.dataType}` +
            ` (allowed: ${allowed.length > 0 ? allowed.join(", ") : "none"})`,
        );
      }
    }
  }
  return problems;
}

/** Only Date and DateTime fields are marked `isTimestampFieldForIncrementalQueries`. */
export function incrementalFieldProblems(definition: EntityDefinition): string[] {
  return definition.fields
    .filter(
      (f) =>
        f.readProperties?.isTimestampFieldForIncrementalQueries === true &&
        !INCREMENTAL_DATA_TYPES.includes(f.dataType),
    )
    .map(
      (f) =>
        `field "${f.fieldName}" is marked isTimestampFieldForIncrementalQueries but is ${f.dataType}` +
        " (only Date and DateTime fields can drive incremental pulls)",
    );
}

/** The names of the primary-key fields. */
export function primaryKeyFields(definition: EntityDefinition): string[] {
  return definition.fields.filter((f) => f.isPrimaryKey === true).map((f) => f.fieldName);
}
