import type { EntityDefinition } from "../../core/model/entity.js";
import type { DataRecord } from "../../core/records/data-record.js";
import type { JsonObject } from "../../hosts/appflow/wire/decoder.js";
import { readRecordsResponse } from "../../hosts/appflow/wire/response-decoder.js";
import { parseRecord, recordIdentity, recordShapeProblems } from "./records.js";
import { CheckFailed } from "./report.js";
import type { ConformanceSession } from "./session.js";

/** A query read to the end (or as far as it went), with every invariant violation found on the way. */
export interface QueryRun {
  /** How the run stopped: the last page, a repeated token, the page bound, or a failed call. */
  stoppedBy: "end" | "repeated-token" | "max-pages" | "error";
  /** For `error`: what failed. */
  error: string | null;
  pages: number;
  /** Records that parsed as objects, in order, with the page (1-based) they came on. */
  records: Array<{ record: DataRecord; page: number; identity: string }>;
  /** Pages with more records than `maxResults`. */
  pageSizeProblems: string[];
  /** Tokens returned twice. */
  tokenProblems: string[];
  /** Records returned twice. */
  repeatProblems: string[];
  /** Records that are not JSON objects, or hold unknown or unselected fields. */
  shapeProblems: string[];
  durationMs: number;
}

/** What to query. */
export interface QuerySpec {
  entityIdentifier: string;
  /** The definition as the connector sent it (sent back in `connectorContext.entityDefinition`). */
  rawDefinition: JsonObject | null;
  /** The decoded definition, for the record checks. */
  definition: EntityDefinition | null;
  selectedFieldNames: string[] | null;
  filterExpression: string | null;
  maxResults: number;
}

/**
 * Reads a QueryData result page by page until `nextToken` is null, a token repeats or `maxPages` is reached,
 * checking each page: at most `maxResults` records, no repeated token, no repeated record (by identity), every
 * record a JSON object with only known and selected fields. A failed call ends the run with `error`.
 */
export async function runQuery(session: ConformanceSession, spec: QuerySpec): Promise<QueryRun> {
  const start = session.options.now();
  const run: QueryRun = {
    stoppedBy: "end",
    error: null,
    pages: 0,
    records: [],
    pageSizeProblems: [],
    tokenProblems: [],
    repeatProblems: [],
    shapeProblems: [],
    durationMs: 0,
  };
  const identity = recordIdentity(spec.definition);
  const firstSeen = new Map<string, number>();
  const tokens = new Map<string, number>();
  let token: string | null = null;
  for (let page = 1; ; page++) {
    if (page > session.options.maxPages) {
      run.stoppedBy = "max-pages";
      break;
    }
    const event: JsonObject = {
      type: "QueryDataRequest",
      entityIdentifier: spec.entityIdentifier,
      connectorContext: session.context(spec.rawDefinition),
      selectedFieldNames: spec.selectedFieldNames,
      filterExpression: spec.filterExpression,
      maxResults: spec.maxResults,
      nextToken: token,
    };
    let records: string[];
    let next: string | null;
    try {
      const result = await session.request(event, readRecordsResponse);
      records = result.records ?? [];
      next = result.nextToken;
    } catch (error) {
      if (!(error instanceof CheckFailed)) throw error;
      run.stoppedBy = "error";
      run.error = `page ${page}: ${error.message}`;
      break;
    }
    run.pages = page;
    if (records.length > spec.maxResults)
      run.pageSizeProblems.push(
        `page ${page} has ${records.length} records, over maxResults ${spec.maxResults}`,
      );
    records.forEach((text, i) => {
      const parsed = parseRecord(text);
      if (!parsed.ok) {
        run.shapeProblems.push(`page ${page} record ${i + 1} ${parsed.problem}`);
        return;
      }
      for (const p of recordShapeProblems(parsed.record, spec.definition, spec.selectedFieldNames))
        run.shapeProblems.push(`page ${page} record ${i + 1} ${p}`);
      const id = identity(parsed.record);
      const first = firstSeen.get(id);
      if (first !== undefined)
        run.repeatProblems.push(`page ${page} repeats record ${id} (first seen on page ${first})`);
      else firstSeen.set(id, page);
      run.records.push({ record: parsed.record, page, identity: id });
    });
    if (next === null || next === "") break;
    const earlier = tokens.get(next);
    if (earlier !== undefined) {
      run.tokenProblems.push(
        `page ${page} returns nextToken ${JSON.stringify(next)}, already returned by page ${earlier}`,
      );
      run.stoppedBy = "repeated-token";
      break;
    }
    tokens.set(next, page);
    token = next;
  }
  run.durationMs = session.options.now() - start;
  return run;
}
