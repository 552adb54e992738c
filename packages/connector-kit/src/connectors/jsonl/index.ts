/**
 * `connector-kit/connectors/jsonl`: a connector for JSON-lines files, shipped with the SDK (a source and a
 * destination for the local flow runner, and an example of a complete connector).
 */
export { jsonlConnector as connector, jsonlConnector, jsonlSettings, SAMPLE_RECORDS } from "./connector.js";
export { inferFields } from "./infer-fields.js";
export { COMPACT_MIN_DEAD_LINES, forgetIndexes, JSONL_EXTENSION, KEYS_SUFFIX } from "./jsonl-store.js";

/** Releases what the connector keeps between calls (its key indexes); the CLI and the flow runner call it. */
export async function dispose(): Promise<void> {
  const { forgetIndexes } = await import("./jsonl-store.js");
  forgetIndexes();
}
