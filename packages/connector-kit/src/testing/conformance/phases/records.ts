import type { ConnectorConfiguration } from "../../../core/model/configuration.js";
import type { EntityDefinition } from "../../../core/model/entity.js";
import { WRITE_OPERATION_TYPES } from "../../../core/model/enums.js";
import type { WriteRecordResult } from "../../../core/model/responses.js";
import type { DataRecord } from "../../../core/records/data-record.js";
import type { JsonObject } from "../../../hosts/appflow/wire/decoder.js";
import { readRecordsResponse, readWriteResponse } from "../../../hosts/appflow/wire/response-decoder.js";
import type { WriteRecordConfiguration } from "../../test-config.js";
import { printComparison } from "../client-filter.js";
import { literalFor } from "../filter-probes.js";
import { idText, readBackKey, sameValue, shownValue } from "../read-back.js";
import { parseRecord, recordIdentity, recordShapeProblems } from "../records.js";
import { fail, joinProblems, skip } from "../report.js";
import type { ConformanceSession } from "../session.js";

/** Each `retrieveRecordConfigurations` entry: records returned, well-formed, with the requested ids. */
export async function retrievePhase(
  s: ConformanceSession,
  configuration: ConnectorConfiguration | null,
): Promise<void> {
  const configs = s.config.retrieveRecordConfigurations ?? [];
  if (configs.length === 0) {
    s.recorder.skip(
      "retrieve",
      "retrieve",
      "RetrieveData returns the requested records",
      "the test config has no retrieveRecordConfigurations",
    );
    return;
  }
  for (const [i, c] of configs.entries()) {
    const title = `RetrieveData ${i + 1} on "${c.entityIdentifier}" returns the requested records`;
    await s.recorder.run(`retrieve.config[${i}]`, "retrieve", title, async () => {
      if (configuration && !configuration.connectorModes.includes("SOURCE"))
        skip("the connector is not a SOURCE");
      const described = await s.describe(c.entityIdentifier);
      if (!described.ok) fail(`DescribeEntity of "${c.entityIdentifier}" failed: ${described.message}`);
      const definition = described.result.entityDefinition!;
      const event: JsonObject = {
        type: "RetrieveDataRequest",
        entityIdentifier: c.entityIdentifier,
        connectorContext: s.context(described.result.rawEntityDefinition),
        selectedFieldNames: c.selectedFieldNames,
      };
      if (c.idFieldName !== undefined) event["idFieldName"] = c.idFieldName;
      if (c.ids !== undefined) event["ids"] = c.ids;
      const result = await s.request(event, readRecordsResponse);
      const records = result.records ?? [];
      if (records.length === 0) fail("returned no record (the official runners require at least one)");
      const identity = recordIdentity(definition);
      const problems: string[] = [];
      records.forEach((text, n) => {
        const parsed = parseRecord(text);
        if (!parsed.ok) {
          problems.push(`record ${n + 1} ${parsed.problem}`);
          return;
        }
        for (const p of recordShapeProblems(parsed.record, definition, c.selectedFieldNames))
          problems.push(`record ${n + 1} ${p}`);
        if (
          c.idFieldName !== undefined &&
          c.ids !== undefined &&
          Object.hasOwn(parsed.record, c.idFieldName)
        ) {
          const value = parsed.record[c.idFieldName];
          const text = typeof value === "string" ? value : JSON.stringify(value);
          if (!c.ids.includes(text))
            problems.push(
              `record ${identity(parsed.record)} has ${c.idFieldName} ${text}, which was not requested`,
            );
        }
      });
      if (problems.length > 0) fail(joinProblems(problems));
      return `${records.length} records`;
    });
  }
}

/**
 * Each `writeRecordConfigurations` entry: one result per record sent, `isSuccess` consistent with the results,
 * a message for each failed record, and success overall (as the official runners require); then, but for
 * DELETE, the records it wrote read back unchanged. Then a skipped check for each declared write operation no
 * entry exercises.
 */
export async function writePhase(
  s: ConformanceSession,
  configuration: ConnectorConfiguration | null,
): Promise<void> {
  const configs = s.config.writeRecordConfigurations ?? [];
  const isDestination = configuration?.connectorModes.includes("DESTINATION") ?? configs.length > 0;
  const declared = configuration?.supportedWriteOperations ?? [];
  for (const [i, c] of configs.entries()) {
    const op = c.operation ?? "(no operation)";
    const title = `WriteData ${i + 1} (${op}) on "${c.entityIdentifier}" writes every record`;
    let written: WriteRecordResult[] | null = null;
    await s.recorder.run(`write.config[${i}]`, "write", title, async () => {
      if (!s.options.writes) skip("writes are turned off");
      if (!isDestination) fail("the test config has writes but the connector is not a DESTINATION");
      if (c.operation && configuration && !declared.includes(c.operation))
        fail(
          `operation ${c.operation} is not in supportedWriteOperations (${declared.join(", ") || "none"})`,
        );
      const described = await s.describe(c.entityIdentifier);
      if (!described.ok) fail(`DescribeEntity of "${c.entityIdentifier}" failed: ${described.message}`);
      const event: JsonObject = {
        type: "WriteDataRequest",
        entityIdentifier: c.entityIdentifier,
        connectorContext: s.context(described.result.rawEntityDefinition),
        allOrNone: c.allOrNone ?? false,
      };
      if (c.operation !== undefined) event["operation"] = c.operation;
      if (c.idFieldNames !== undefined) event["idFieldNames"] = c.idFieldNames;
      if (c.records !== undefined) event["records"] = c.records;
      const sent = c.records?.length ?? 0;
      const result = await s.request(event, readWriteResponse, true);
      const results = result.writeRecordResults;
      if (results === null) {
        if (!result.isSuccess) fail(s.failureMessage(result.call, result));
        fail(`writeRecordResults is null for ${sent} records sent`);
      }
      if (results.length !== sent)
        fail(`returned ${results.length} writeRecordResults for ${sent} records sent`);
      const failed = results.flatMap((w, n) => (w.isSuccess ? [] : [n]));
      if (result.isSuccess && failed.length > 0)
        fail(
          `isSuccess is true but ${failed.length} of ${sent} records failed (first: record ${failed[0]! + 1})`,
        );
      if (!result.isSuccess && failed.length === 0 && sent > 0)
        fail(
          `isSuccess is false but every writeRecordResult succeeded (${s.failureMessage(result.call, result)})`,
        );
      const silent = failed.filter((n) => !results[n]!.errorMessage);
      if (silent.length > 0) fail(`record ${silent[0]! + 1} failed without an errorMessage`);
      if (!result.isSuccess) {
        const first = results[failed[0]!]?.errorMessage;
        fail(`${s.failureMessage(result.call, result)}${first ? ` (first: ${first})` : ""}`);
      }
      written = results;
      return `${sent} records written`;
    });
    if (c.operation !== "DELETE") await readBackCheck(s, configuration, i, c, written);
  }
  if (!isDestination) return;
  const used = new Set(configs.map((c) => c.operation));
  for (const op of WRITE_OPERATION_TYPES) {
    if (declared.includes(op) && !used.has(op)) {
      s.recorder.skip(
        `write.${op}`,
        "write",
        `WriteData ${op} works`,
        `no writeRecordConfigurations entry uses ${op}`,
      );
    }
  }
}

/**
 * `write.config[i].read-back`: every record the write reported written, found again by its id (RetrieveData,
 * else QueryData with `id = value`), holds the values written — compared by data type ({@link sameValue}).
 * Skipped when the write failed, the connector cannot read, or no record has a single id field to be found by.
 */
async function readBackCheck(
  s: ConformanceSession,
  configuration: ConnectorConfiguration | null,
  i: number,
  c: WriteRecordConfiguration,
  results: WriteRecordResult[] | null,
): Promise<void> {
  const title = `WriteData ${i + 1} on "${c.entityIdentifier}": what it wrote reads back unchanged`;
  await s.recorder.run(`write.config[${i}].read-back`, "write", title, async () => {
    if (!s.options.writes) skip("writes are turned off");
    if (results === null) skip("the write did not succeed");
    if (configuration && !configuration.connectorModes.includes("SOURCE"))
      skip("the connector is not a SOURCE: it cannot read what it wrote");
    const described = await s.describe(c.entityIdentifier);
    if (!described.ok) skip(`DescribeEntity of "${c.entityIdentifier}" failed: ${described.message}`);
    const definition = described.result.entityDefinition!;
    const fields = new Map(definition.fields.map((f) => [f.fieldName, f]));
    const readable = (name: string) => fields.get(name)?.readProperties?.isRetrievable !== false;
    // The last record written for each key, by key field.
    const targets = new Map<string, Map<string, DataRecord>>();
    (c.records ?? []).forEach((text, n) => {
      const parsed = parseRecord(text);
      const result = results[n];
      if (!parsed.ok || !result?.isSuccess) return;
      const key = readBackKey(definition, c.idFieldNames ?? [], parsed.record, result);
      if (key === null || !fields.has(key.field)) return;
      if (!targets.has(key.field)) targets.set(key.field, new Map());
      targets.get(key.field)!.set(key.id, parsed.record);
    });
    if (targets.size === 0)
      skip(
        "no written record has a single id field (idFieldNames, the primary key or a recordId) to be found by",
      );
    const problems: string[] = [];
    const unread: string[] = [];
    let compared = 0;
    const vias = new Set<string>();
    for (const [field, byId] of targets) {
      const selected = [...new Set([field, ...[...byId.values()].flatMap(Object.keys)])].filter(
        (name) => fields.has(name) && readable(name),
      );
      const found = await readRecords(
        s,
        definition,
        described.result.rawEntityDefinition,
        field,
        byId,
        selected,
      );
      if (typeof found === "string") {
        unread.push(found);
        continue;
      }
      vias.add(found.via);
      for (const [id, record] of byId) {
        const shown = `{${JSON.stringify(field)}:${JSON.stringify(id)}}`;
        const read = found.records.find((r) => idText(r[field]) === id);
        if (!read) {
          problems.push(`record ${shown} was written, but ${found.via} does not return it`);
          continue;
        }
        compared++;
        for (const [name, value] of Object.entries(record)) {
          if (!selected.includes(name) || name === field) continue;
          if (!sameValue(fields.get(name), value, read[name]))
            problems.push(
              `record ${shown}: ${name} was written ${shownValue(value)}, ${found.via} returns ${shownValue(read[name])}`,
            );
        }
      }
    }
    if (problems.length > 0) fail(joinProblems(problems));
    if (compared === 0) skip(`the written records could not be read: ${unread.join("; ")}`);
    return `${compared} records read back (${[...vias].join(", ")})`;
  });
}

/**
 * The records whose `field` is one of `byId`'s keys: RetrieveData, else (when it fails) one QueryData with
 * `field = value` per id. A string says why neither could read them.
 */
async function readRecords(
  s: ConformanceSession,
  definition: EntityDefinition,
  rawDefinition: JsonObject | null,
  field: string,
  byId: ReadonlyMap<string, DataRecord>,
  selected: string[],
): Promise<{ records: DataRecord[]; via: string } | string> {
  const base = {
    entityIdentifier: definition.entity.entityIdentifier,
    connectorContext: s.context(rawDefinition),
    selectedFieldNames: selected,
  };
  const parse = (texts: string[] | null) =>
    (texts ?? []).flatMap((t) => {
      const parsed = parseRecord(t);
      return parsed.ok ? [parsed.record] : [];
    });
  const retrieved = await s.request(
    { type: "RetrieveDataRequest", ...base, idFieldName: field, ids: [...byId.keys()] },
    readRecordsResponse,
    true,
  );
  if (retrieved.isSuccess) return { records: parse(retrieved.records), via: "RetrieveData" };
  const why = `RetrieveData failed (${retrieved.errorDetails?.errorMessage ?? "no details"})`;
  const definitionOf = definition.fields.find((f) => f.fieldName === field)!;
  if (definitionOf.readProperties?.isQueryable === false) return `${why}, and ${field} is not queryable`;
  const records: DataRecord[] = [];
  for (const [id, record] of byId) {
    const literal = literalFor(definitionOf, record[field] ?? id);
    if (!literal) return `${why}, and ${field} ${JSON.stringify(id)} cannot be written in a filter`;
    const filterExpression = printComparison(field, "=", literal);
    const queried = await s.request(
      { type: "QueryDataRequest", ...base, filterExpression, maxResults: 10, nextToken: null },
      readRecordsResponse,
      true,
    );
    if (!queried.isSuccess)
      return `${why}, and QueryData (${filterExpression}) failed (${queried.errorDetails?.errorMessage ?? "no details"})`;
    records.push(...parse(queried.records));
  }
  return { records, via: "QueryData" };
}
