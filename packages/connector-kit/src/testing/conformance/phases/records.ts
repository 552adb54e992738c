import type { ConnectorConfiguration } from "../../../core/model/configuration.js";
import { WRITE_OPERATION_TYPES } from "../../../core/model/enums.js";
import type { JsonObject } from "../../../hosts/appflow/wire/decoder.js";
import { parseRecord, recordIdentity, recordShapeProblems } from "../records.js";
import { fail, joinProblems, skip } from "../report.js";
import { decodeRecordsResponse, decodeWriteResponse } from "../responses.js";
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
      const result = await s.request(event, decodeRecordsResponse);
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
 * a message for each failed record, and success overall (as the official runners require). Then a skipped
 * check for each declared write operation no entry exercises.
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
      const result = await s.request(event, decodeWriteResponse, true);
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
      return `${sent} records written`;
    });
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
