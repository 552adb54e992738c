import { stat } from "node:fs/promises";
import { ConnectorError } from "../../core/errors/connector-error.js";
import type { DataRecord, RecordPage, WriteOutcome } from "../../core/records/data-record.js";
import { projectFields } from "../../core/records/project-fields.js";
import { getField } from "../../core/records/record-field.js";
import { setting } from "../../core/settings/setting.js";
import { defineConnector } from "../../define/define-connector.js";
import { type IndexKey, keyOf } from "./index-key.js";
import { inferFields } from "./infer-fields.js";
import {
  appendLines,
  COMPACT_MIN_DEAD_LINES,
  compact,
  ensureDirectory,
  entityPath,
  fileExists,
  type KeyIndex,
  keyIndex,
  listEntityNames,
  readKeyFields,
  readLines,
  repairTail,
  sameKeyFields,
  untouchedIndex,
  writeKeyFields,
} from "./jsonl-store.js";

/** Records read to infer an entity's fields. */
export const SAMPLE_RECORDS = 1000;

/** Settings of the JSON-lines connector. */
export const jsonlSettings = {
  /** The directory holding the `<entity>.jsonl` files (created on first write). Required. */
  directory: setting.string({
    label: "Directory",
    description: "Directory of the <entity>.jsonl files; created on the first write",
    required: true,
  }),
};

function existing(file: string, entity: string): string {
  if (!fileExists(file))
    throw new ConnectorError("ResourceNotFoundError", `No entity ${entity} (no file ${file})`);
  return file;
}

function parseOffset(token: string): number {
  const n = Number(token);
  if (!/^\d{1,15}$/.test(token) || !Number.isSafeInteger(n)) {
    throw ConnectorError.invalidArgument("nextToken is not a byte offset this connector issued");
  }
  return n;
}

/**
 * A written record's id: its one key field's value (a text as it is, any other value as JSON: an object key
 * would otherwise read `[object Object]`), or the JSON text of its key fields' values.
 */
function recordIdOf(record: DataRecord, fields: readonly string[], key: IndexKey): string {
  if (fields.length !== 1) return String(key);
  const value = getField(record, fields[0]!);
  if (typeof value === "string") return value;
  // A finite number's JSON is its text; String makes it without the serializer's set-up.
  return typeof value === "number" && Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

/**
 * The key index an UPSERT or UPDATE writes through, after the checks a file may need: the directory made, a
 * last line cut short by a crash removed, the key fields compared with (or recorded in) the file's sidecar.
 */
async function checkedIndex(
  directory: string,
  file: string,
  entity: string,
  operation: string,
  idFieldNames: readonly string[],
): Promise<KeyIndex> {
  await ensureDirectory(directory);
  await repairTail(file);
  const declared = await readKeyFields(file);
  const fields = idFieldNames.length > 0 ? [...idFieldNames] : declared;
  if (!fields || fields.length === 0) {
    throw ConnectorError.invalidArgument(`${operation} needs idFieldNames (the record's key fields)`);
  }
  if (declared && !sameKeyFields(declared, fields)) {
    throw ConnectorError.invalidArgument(
      `${entity} is keyed by ${declared.join(", ")}, not ${fields.join(", ")}`,
    );
  }
  if (!declared) await writeKeyFields(file, fields);
  return keyIndex(file, fields);
}

/**
 * A connector for JSON-lines files, shipped with connector-kit: each `<entity>.jsonl` file of the `directory`
 * setting is an entity, one JSON object per line. Fields are inferred from the first 1000 records. Queries
 * stream the file page by page (the token is a byte offset; filters are applied by the SDK). Writes append:
 * INSERT adds lines; UPSERT and UPDATE append the new version of a record and keep an index of each key's
 * latest line, so reads through the connector see every key once (see README.md for the limits).
 */
export const jsonlConnector = defineConnector({
  name: "JsonLines",
  owner: "connector-kit",
  version: "1.0.0",
  description: "JSON-lines files in a directory: one entity per <name>.jsonl file",
  settings: jsonlSettings,
  clientSideFilter: true,
  modes: ["SOURCE", "DESTINATION"],
  writeOperations: ["INSERT", "UPSERT", "UPDATE"],
  metadataCacheSeconds: 600,

  async listEntities(ctx) {
    const names = await listEntityNames(ctx.settings.directory);
    return names.map((name) => ({
      entityIdentifier: name,
      hasNestedEntities: false,
      isWritable: true,
      label: name,
    }));
  },

  async describeEntity(ctx, entityIdentifier) {
    const file = existing(entityPath(ctx.settings.directory, entityIdentifier), entityIdentifier);
    const { lines } = await readLines(file, 0, SAMPLE_RECORDS);
    const samples: DataRecord[] = [];
    for (const line of lines) {
      try {
        const value = JSON.parse(line.text) as unknown;
        if (value !== null && typeof value === "object" && !Array.isArray(value))
          samples.push(value as DataRecord);
      } catch {}
    }
    return {
      entity: { entityIdentifier, hasNestedEntities: false, isWritable: true, label: entityIdentifier },
      fields: inferFields(samples, (await readKeyFields(file)) ?? []),
    };
  },

  async *query(ctx, input, upstreamToken): AsyncGenerator<RecordPage> {
    const file = existing(entityPath(ctx.settings.directory, input.entityIdentifier), input.entityIdentifier);
    const keyFields = await readKeyFields(file);
    const index = keyFields ? await keyIndex(file, keyFields) : null;
    let offset = upstreamToken === null ? 0 : parseOffset(upstreamToken);
    let skipped = 0;
    for (;;) {
      const { lines, end, eof } = await readLines(file, offset, input.pageSize);
      const records: DataRecord[] = [];
      for (const line of lines) {
        let record: unknown;
        try {
          record = JSON.parse(line.text);
        } catch {
          skipped++;
          continue;
        }
        if (record === null || typeof record !== "object" || Array.isArray(record)) {
          skipped++;
          continue;
        }
        if (index && keyFields) {
          const key = keyOf(record as DataRecord, keyFields);
          if (key !== null && index.live.get(key) !== line.offset) continue; // superseded by a later line
        }
        records.push(projectFields(record as DataRecord, input.fields));
      }
      if (eof || lines.length === 0) {
        if (skipped > 0) ctx.logger.warn("Lines that are not JSON objects were skipped", { skipped });
        yield { records, nextToken: null };
        return;
      }
      offset = end;
      yield { records, nextToken: String(end) };
    }
  },

  async write(ctx, input): Promise<WriteOutcome[]> {
    const directory = ctx.settings.directory;
    const file = entityPath(directory, input.entityIdentifier);
    if (input.operation === "INSERT") {
      await ensureDirectory(directory);
      const size = await repairTail(file);
      await appendLines(
        file,
        input.records.map((r) => JSON.stringify(r)),
        size,
      );
      return input.records.map(() => ({ isSuccess: true }));
    }
    if (input.operation !== "UPSERT" && input.operation !== "UPDATE") {
      throw ConnectorError.invalidArgument(`The JSON-lines connector does not support ${input.operation}`);
    }
    // A file as this process's last write left it needs no repair and no key check: the next batch of a flow.
    const index =
      (input.idFieldNames.length > 0 ? await untouchedIndex(file, input.idFieldNames) : null) ??
      (await checkedIndex(directory, file, input.entityIdentifier, input.operation, input.idFieldNames));
    const fields = index.fields;
    const { records } = input;
    // One pass for keys and outcomes, one for the lines: no object or array made per record beyond its outcome.
    const keys = new Array<IndexKey | null>(records.length);
    const outcomes = new Array<WriteOutcome>(records.length);
    let failed = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const key = keyOf(record, fields);
      keys[i] = key;
      if (key === null) {
        failed++;
        outcomes[i] = {
          isSuccess: false,
          errorMessage: `The record has no value for id field(s) ${fields.join(", ")}`,
        };
      } else if (input.operation === "UPDATE" && !index.live.has(key)) {
        failed++;
        outcomes[i] = {
          isSuccess: false,
          errorMessage: `No record with ${fields.join(", ")} = ${recordIdOf(record, fields, key)}`,
        };
      } else {
        outcomes[i] = { isSuccess: true, recordId: recordIdOf(record, fields, key) };
      }
    }
    if (failed > 0 && input.allOrNone) {
      return outcomes.map((o) =>
        o.isSuccess
          ? { isSuccess: false, errorMessage: `allOrNone: not written because ${failed} record(s) failed` }
          : o,
      );
    }
    const lines: string[] = [];
    const lineKeys: IndexKey[] = [];
    for (let i = 0; i < records.length; i++) {
      if (!outcomes[i]!.isSuccess) continue;
      lines.push(JSON.stringify(records[i]));
      lineKeys.push(keys[i]!);
    }
    if (lines.length > 0) {
      const offsets = await appendLines(file, lines, index.size);
      for (let j = 0; j < lineKeys.length; j++) {
        const key = lineKeys[j]!;
        const keys = index.live.size;
        index.live.set(key, offsets[j]!);
        if (index.live.size === keys) index.dead++; // the key had a line
      }
      const info = await stat(file);
      index.size = info.size;
      index.mtimeMs = info.mtimeMs;
      if (index.dead > COMPACT_MIN_DEAD_LINES && index.dead > index.live.size) await compact(file, index);
    }
    return outcomes;
  },
});
