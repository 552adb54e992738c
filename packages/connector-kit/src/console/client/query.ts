import { appflow, failure } from "./api.js";
import { h, messageOf, replace, status, submitted, uid } from "./dom.js";
import { describeEntity } from "./entities.js";
import { filterEditor } from "./filter-editor.js";
import { recordGrid } from "./grid.js";
import { connectorContext, state } from "./state.js";
import type { AppFlowAnswer } from "./wire.js";

/** A meter of one page against an AppFlow limit. */
function limitMeter(label: string, value: number, max: number, text: string): HTMLElement {
  const id = uid("m");
  return h(
    "div",
    { class: "limit" },
    h("label", { for: id }, label),
    h("meter", { id, min: 0, max, value: Math.min(value, max), high: max * 0.8, optimum: 0 }),
    h("span", null, `${text} (${((100 * value) / max).toFixed(2)} %)`),
  );
}

/**
 * The Query workbench: fields, a live-validated filter, the page size; pages of results in a grid, each
 * page's size and time against AppFlow's limits, and the next page through the connector's token.
 * @param entityIdentifier the entity to open with
 */
export function renderQuery(root: HTMLElement, entityIdentifier?: string): void {
  const entity = h("input", { id: "query-entity", value: entityIdentifier ?? "", autocomplete: "off" });
  const load = h("button", { type: "button", id: "query-load" }, "Load fields");
  const picker = h("fieldset", { class: "fields-picker" }, h("legend", null, "Fields"));
  const size = h("input", { id: "query-size", type: "number", min: 1, max: 10000, value: 100 });
  const editor = filterEditor(() => state.definitions.get(entity.value.trim()) ?? null);
  const run = h("button", { type: "submit", class: "primary", id: "query-run" }, "Run query");
  const next = h("button", { type: "button", id: "query-next", disabled: true }, "Next page");
  const stats = h("div", { class: "stats", id: "query-stats" });
  const results = h("div", { id: "query-results" });
  const record = h("pre", {
    class: "record-json",
    tabindex: 0, // scrollable: reachable by keyboard
    id: "query-record",
    "aria-label": "Selected record as JSON",
  });
  let nextToken: string | null = null;
  let pages = 0;

  const loadFields = async () => {
    try {
      const definition = await describeEntity(entity.value.trim());
      replace(
        picker,
        h("legend", null, "Fields"),
        ...definition.fields.map((f) => {
          const id = uid("pick");
          return h(
            "span",
            { class: "pick" },
            h("input", { type: "checkbox", id, value: f.fieldName, checked: true }),
            h("label", { for: id }, f.fieldName),
          );
        }),
      );
      editor.check();
    } catch (error) {
      replace(
        picker,
        h("legend", null, "Fields"),
        h("p", { class: "error", role: "alert" }, messageOf(error)),
      );
    }
  };
  load.addEventListener("click", loadFields);

  const query = async (token: string | null) => {
    editor.check();
    if (!editor.valid()) {
      status("Fix the filter first");
      return;
    }
    const selected = [...picker.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
    run.disabled = true;
    next.disabled = true;
    status("Querying…");
    const answer = await appflow<AppFlowAnswer & { records?: string[]; nextToken?: string | null }>(
      "QueryData",
      {
        entityIdentifier: entity.value.trim(),
        connectorContext: {
          ...connectorContext(),
          entityDefinition: state.definitions.get(entity.value.trim()) ?? null,
        },
        selectedFieldNames: selected.length ? selected : null,
        filterExpression: editor.value() || null,
        nextToken: token,
        maxResults: Number(size.value) || 100,
      },
    );
    run.disabled = false;
    const limits = state.session.limits;
    const queryLimit = limits.timeLimitsMs["QueryDataRequest"] ?? 30_000;
    const body = answer.body;
    if (!body?.isSuccess) {
      replace(results, h("p", { class: "error", role: "alert", id: "query-error" }, failure(answer.body)));
      status("The query failed");
      return;
    }
    pages = token === null ? 1 : pages + 1;
    const records = (body.records ?? []).map((text) => JSON.parse(text) as Record<string, unknown>);
    const columns = selected.length ? selected : [...new Set(records.flatMap((r) => Object.keys(r)))];
    nextToken = body.nextToken ?? null;
    next.disabled = !nextToken;
    replace(
      stats,
      h("p", null, `Page ${pages}: ${records.length} records${nextToken ? ", more pages" : ", last page"}`),
      limitMeter(
        "Response size",
        answer.bytes,
        limits.maxResponseBytes,
        `${answer.bytes.toLocaleString("en-US")} of ${limits.maxResponseBytes.toLocaleString("en-US")} bytes`,
      ),
      limitMeter("Time", answer.ms, queryLimit, `${Math.round(answer.ms)} of ${queryLimit} ms`),
    );
    replace(
      results,
      recordGrid(columns, records, (r) => (record.textContent = JSON.stringify(r, null, 2))),
    );
    replace(record);
    status(`${records.length} records`);
  };
  next.addEventListener("click", () => query(nextToken));

  replace(
    root,
    h("h2", null, "Query"),
    h(
      "form",
      { class: "query", onsubmit: submitted(() => query(null)) },
      h("div", { class: "row inline" }, h("label", { for: "query-entity" }, "Entity"), entity, load),
      picker,
      editor.el,
      h("div", { class: "row inline" }, h("label", { for: "query-size" }, "Page size (maxResults)"), size),
      h("div", { class: "actions" }, run, next),
    ),
    stats,
    h("div", { class: "split" }, results, record),
  );
  if (entity.value) loadFields();
}
