/**
 * `connector-kit/connectors/jsonl`: a connector for JSON-lines files, shipped with the SDK (a source and a
 * destination for the local flow runner, and an example of a complete connector).
 */
export { jsonlConnector as connector, jsonlConnector, jsonlSettings, SAMPLE_RECORDS } from "./connector.js";
export { inferFields } from "./infer-fields.js";
export { COMPACT_MIN_DEAD_LINES, forgetIndexes, JSONL_EXTENSION, KEYS_SUFFIX } from "./jsonl-store.js";
