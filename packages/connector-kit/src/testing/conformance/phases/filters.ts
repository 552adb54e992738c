import { type ClientFilter, compileClientFilter } from "../client-filter.js";
import { buildFilterProbes } from "../filter-probes.js";
import { runQuery } from "../paginate.js";
import { fail, joinProblems } from "../report.js";
import type { ConformanceSession } from "../session.js";
import type { UnfilteredQuery } from "./query.js";

/**
 * For each declared filter operator of each queryable field of the test entity: query with a filter built from
 * values seen in the unfiltered records and check, client-side with the filter module's predicate, that every
 * returned record matches, that each was among the unfiltered records, and that none of the matching
 * unfiltered records is missing.
 */
export async function filterPhase(s: ConformanceSession, base: UnfilteredQuery | null): Promise<void> {
  const r = s.recorder;
  const id = s.config.testEntityIdentifier;
  if (!s.options.filterProbes) {
    r.skip(
      `filter.${id}`,
      "filter",
      `${id}: declared filter operators filter`,
      "filter probes are turned off",
    );
    return;
  }
  if (base?.run.stoppedBy !== "end" || base.run.records.length === 0) {
    r.skip(
      `filter.${id}`,
      "filter",
      `${id}: declared filter operators filter`,
      "the unfiltered query did not return a complete, non-empty result",
    );
    return;
  }
  const unfiltered = base.run.records;
  const compiled = new Map<string, ClientFilter>();
  const compile = (expression: string): ClientFilter => {
    let f = compiled.get(expression);
    if (!f) {
      f = compileClientFilter(expression, base.definition);
      compiled.set(expression, f);
    }
    return f;
  };
  const { probes, unprobed } = buildFilterProbes(
    base.definition,
    unfiltered.map((u) => u.record),
    (expression) => unfiltered.filter((u) => compile(expression).matches(u.record)).length,
  );
  for (const u of unprobed) {
    r.skip(
      `filter.${id}.${u.field}.${u.operator}`,
      "filter",
      `${id}.${u.field}: ${u.operator} filters`,
      u.reason,
    );
  }
  const known = new Set(unfiltered.map((u) => u.identity));
  for (const [n, probe] of probes.entries()) {
    const checkId = `filter.${id}.${probe.field}.${probe.operator}`;
    const title = `${id}.${probe.field}: ${probe.operator} filters (${probe.expression})`;
    if (n >= s.options.maxFilterProbes) {
      r.skip(checkId, "filter", title, `over maxFilterProbes (${s.options.maxFilterProbes})`);
      continue;
    }
    await r.run(checkId, "filter", title, async () => {
      const filter = compile(probe.expression);
      const run = await runQuery(s, {
        entityIdentifier: id,
        rawDefinition: base.rawDefinition,
        definition: base.definition,
        selectedFieldNames: base.selected,
        filterExpression: probe.expression,
        maxResults: s.options.filterMaxResults,
      });
      const problems = [...(run.error ? [run.error] : []), ...run.tokenProblems, ...run.repeatProblems];
      const returned = new Set<string>();
      for (const { record, identity } of run.records) {
        returned.add(identity);
        if (!filter.matches(record)) problems.push(`record ${identity} does not satisfy ${probe.expression}`);
        else if (!known.has(identity))
          problems.push(`record ${identity} was not among the unfiltered records`);
      }
      if (run.stoppedBy === "end" && problems.length === 0) {
        const missing = unfiltered.filter((u) => filter.matches(u.record) && !returned.has(u.identity));
        if (missing.length > 0)
          problems.push(`misses ${missing.length} matching record(s), e.g. ${missing[0]!.identity}`);
      }
      if (problems.length > 0) fail(joinProblems(problems, 3));
      return `${run.records.length} of ${unfiltered.length} records`;
    });
  }
}
