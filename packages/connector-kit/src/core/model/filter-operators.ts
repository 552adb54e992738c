import type { ConnectorOperator, FieldDataType } from "./enums.js";

const NUMERIC: readonly ConnectorOperator[] = [
  "NOT_EQUAL_TO",
  "EQUAL_TO",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL_TO",
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL_TO",
];
const TEMPORAL: readonly ConnectorOperator[] = [
  "EQUAL_TO",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL_TO",
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL_TO",
  "BETWEEN",
];

/**
 * The filter operators AppFlow assumes for a field of each data type when the field does not list its own
 * (identical in both official SDKs). Numbers get no BETWEEN, strings no ordering, Struct and ByteArray nothing.
 */
export const DEFAULT_FILTER_OPERATORS: Readonly<Record<FieldDataType, readonly ConnectorOperator[]>> = {
  String: ["CONTAINS", "EQUAL_TO", "NOT_EQUAL_TO"],
  Integer: NUMERIC,
  Float: NUMERIC,
  Double: NUMERIC,
  Long: NUMERIC,
  Short: NUMERIC,
  BigInteger: NUMERIC,
  BigDecimal: NUMERIC,
  ByteArray: [],
  Boolean: ["EQUAL_TO", "NOT_EQUAL_TO"],
  Date: TEMPORAL,
  DateTime: TEMPORAL,
  Struct: [],
  Map: ["CONTAINS"],
  List: ["CONTAINS"],
};
