import type { EntityDefinition } from "../../../core/model/entity.js";
import type { JsonObject } from "../../../hosts/appflow/wire/decoder.js";
import { type ClientFilter, compileClientFilter } from "../client-filter.js";
import { type QueryRun, runQuery } from "../paginate.js";
import { fail, joinProblems, skip } from "../report.js";
import type { ConformanceSession } from "../session.js";

/** What the unfiltered query of the test entity produced, for the filter probes. */
export interface UnfilteredQuery {
  definition: EntityDefinition;
  rawDefinition: JsonObject;
  selected: string[];
  run: QueryRun;
}

function retrievable(definition: EntityDefinition): string[] {
  return definition.fields.filter((f) => f.readProperties?.isRetrievable !== false).map((f) => f.fieldName);
}

/** Records the checks derived from one query run. */
function runChecks(
  s: ConformanceSession,
  prefix: string,
  what: string,
  run: QueryRun,
  maxResults: number,
): void {
  const r = s.recorder;
  const base = { phase: "query" as const, durationMs: Math.round(run.durationMs) };
  const noPage = run.pages === 0;
  const outcome = (id: string, title: string, problems: string[]) =>
    r.add(
      noPage
        ? { ...base, id: `${prefix}.${id}`, title, status: "skip", message: "the first page failed" }
        : problems.length > 0
          ? { ...base, id: `${prefix}.${id}`, title, status: "fail", message: joinProblems(problems) }
          : { ...base, id: `${prefix}.${id}`, title, status: "pass" },
    );
  let ends: string | null = null;
  if (run.stoppedBy === "error") ends = run.error;
  else if (run.stoppedBy === "repeated-token")
    ends = `${run.tokenProblems[0]}: the connector would loop forever`;
  else if (run.stoppedBy === "max-pages")
    ends = `no null nextToken within ${s.options.maxPages} pages (maxPages; raise it for large data sets)`;
  r.add(
    ends
      ? {
          ...base,
          id: `${prefix}.terminates`,
          title: `${what}: pagination ends`,
          status: "fail",
          message: ends,
        }
      : {
          ...base,
          id: `${prefix}.terminates`,
          title: `${what}: pagination ends`,
          status: "pass",
          message: `${run.records.length} records on ${run.pages} pages`,
        },
  );
  outcome(
    "page-size",
    `${what}: every page has at most maxResults (${maxResults}) records`,
    run.pageSizeProblems,
  );
  outcome("unique-tokens", `${what}: no nextToken repeats`, run.tokenProblems);
  outcome("unique-records", `${what}: no record repeats across pages`, run.repeatProblems);
  outcome(
    "record-shape",
    `${what}: records are JSON objects with only known, selected fields`,
    run.shapeProblems,
  );
}

/** The unfiltered paginated query of the test entity, and a single-field selection. */
export async function queryPhase(s: ConformanceSession): Promise<UnfilteredQuery | null> {
  const id = s.config.testEntityIdentifier;
  const prefix = `query.${id}`;
  const described = await s.describe(id);
  if (!described.ok) {
    s.recorder.skip(
      `${prefix}.terminates`,
      "query",
      `${id}: unfiltered query`,
      `DescribeEntity of "${id}" failed`,
    );
    return null;
  }
  const definition = described.result.entityDefinition!;
  const rawDefinition = described.result.rawEntityDefinition!;
  const selected = retrievable(definition);
  const maxResults = s.options.maxResults;
  const run = await runQuery(s, {
    entityIdentifier: id,
    rawDefinition,
    definition,
    selectedFieldNames: selected,
    filterExpression: null,
    maxResults,
  });
  runChecks(s, prefix, `${id} unfiltered`, run, maxResults);
  await s.recorder.run(
    `${prefix}.has-records`,
    "query",
    `${id}: the unfiltered query returns records`,
    () => {
      if (run.pages === 0) skip("the first page failed");
      if (run.records.length === 0)
        fail(`no record returned: the filter, retrieve and write checks need data in entity "${id}"`);
    },
  );
  await s.recorder.run(
    `${prefix}.field-selection`,
    "query",
    `${id}: a query for one field returns only it`,
    async () => {
      const field =
        definition.fields.find((f) => f.isPrimaryKey && selected.includes(f.fieldName))?.fieldName ??
        selected[0];
      if (field === undefined) skip("the entity has no retrievable field");
      const one = await runQuery(s, {
        entityIdentifier: id,
        rawDefinition,
        definition,
        selectedFieldNames: [field],
        filterExpression: null,
        maxResults: s.options.filterMaxResults,
      });
      if (one.error) fail(one.error);
      if (one.shapeProblems.length > 0)
        fail(`selectedFieldNames [${field}]: ${joinProblems(one.shapeProblems)}`);
    },
  );
  return { definition, rawDefinition, selected, run };
}

/** Each `queryRecordConfigurations` entry: paginated, well-formed, non-empty, records matching its filter. */
export async function configuredQueriesPhase(s: ConformanceSession): Promise<void> {
  const configs = s.config.queryRecordConfigurations ?? [];
  for (const [i, c] of configs.entries()) {
    const title = `configured query ${i + 1} on "${c.entityIdentifier}"${c.filterExpression ? ` (${c.filterExpression})` : ""} succeeds`;
    await s.recorder.run(`query.config[${i}]`, "query", title, async () => {
      const described = await s.describe(c.entityIdentifier);
      if (!described.ok) fail(`DescribeEntity of "${c.entityIdentifier}" failed: ${described.message}`);
      const definition = described.result.entityDefinition!;
      let filter: ClientFilter | null = null;
      if (c.filterExpression && c.filterExpression.trim() !== "") {
        try {
          filter = compileClientFilter(c.filterExpression, definition);
        } catch (error) {
          fail(`filterExpression does not parse: ${(error as Error).message}`);
        }
      }
      const run = await runQuery(s, {
        entityIdentifier: c.entityIdentifier,
        rawDefinition: described.result.rawEntityDefinition,
        definition,
        selectedFieldNames: c.selectedFieldNames,
        filterExpression: c.filterExpression ?? null,
        maxResults: s.options.filterMaxResults,
      });
      const problems = [
        ...(run.error ? [run.error] : []),
        ...run.tokenProblems,
        ...run.pageSizeProblems,
        ...run.repeatProblems,
        ...run.shapeProblems,
      ];
      // A record can be judged only when the fields the filter uses were selected.
      if (filter && [...filter.fields].every((f) => c.selectedFieldNames.includes(f))) {
        for (const { record, identity } of run.records)
          if (!filter.matches(record)) problems.push(`record ${identity} does not satisfy the filter`);
      }
      if (problems.length > 0) fail(joinProblems(problems));
      if (run.records.length === 0) fail("returned no record (the official runners require at least one)");
      return `${run.records.length} records`;
    });
  }
}
