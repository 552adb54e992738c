import { appflow, failure, request } from "./api.js";
import { field, h, replace, status, submitted } from "./dom.js";
import { connectorContext, state } from "./state.js";

/**
 * The Write workbench: records as a JSON array, the operation and id fields; one outcome per record.
 * @param {HTMLElement} root
 * @param {string | undefined} entityIdentifier
 */
export function renderWrite(root, entityIdentifier) {
  const operations = state.configuration.supportedWriteOperations ?? [];
  const entity = h("input", { id: "write-entity", value: entityIdentifier ?? "", autocomplete: "off" });
  const operation = h(
    "select",
    { id: "write-operation" },
    ...operations.map((o) => h("option", { value: o }, o)),
  );
  const ids = h("input", { id: "write-ids", placeholder: "id, or several separated by commas" });
  const allOrNone = h("input", { id: "write-all-or-none", type: "checkbox" });
  const records = h("textarea", { id: "write-records", rows: 10, spellcheck: "false" }, "[\n  { }\n]");
  const recordsField = field("Records (a JSON array of objects)", records);
  const outcome = h("div", { id: "write-outcome" });

  const write = async () => {
    recordsField.error.textContent = "";
    let parsed;
    try {
      parsed = JSON.parse(records.value);
      if (
        !Array.isArray(parsed) ||
        parsed.some((r) => r === null || typeof r !== "object" || Array.isArray(r))
      )
        throw new Error("Give an array of JSON objects");
    } catch (error) {
      recordsField.error.textContent = error.message;
      return;
    }
    status("Writing…");
    const idFieldNames = ids.value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const answer = await appflow("WriteData", {
      entityIdentifier: entity.value.trim(),
      connectorContext: connectorContext(),
      operation: operation.value || null,
      idFieldNames: idFieldNames.length ? idFieldNames : null,
      records: parsed.map((r) => JSON.stringify(r)),
      allOrNone: allOrNone.checked,
    });
    const results = answer.body?.writeRecordResults ?? [];
    replace(
      outcome,
      answer.body?.isSuccess ? null : h("p", { class: "error", role: "alert" }, failure(answer.body)),
      results.length
        ? h(
            "table",
            { class: "outcomes", "aria-label": "Outcome per record" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                ...["#", "Outcome", "Record id", "Error"].map((t) => h("th", { scope: "col" }, t)),
              ),
            ),
            h(
              "tbody",
              null,
              ...results.map((r, i) =>
                h(
                  "tr",
                  { class: r.isSuccess ? "pass" : "fail" },
                  h("td", null, i + 1),
                  h("td", null, r.isSuccess ? "written" : "failed"),
                  h("td", null, r.recordId ?? ""),
                  h("td", null, r.errorMessage ?? ""),
                ),
              ),
            ),
          )
        : null,
    );
    status(`${results.filter((r) => r.isSuccess).length} of ${parsed.length} records written`);
  };

  replace(
    root,
    h("h2", null, "Write"),
    operations.length === 0 ? h("p", null, "This connector declares no write operations.") : null,
    h(
      "form",
      { class: "write", onsubmit: submitted(write) },
      field("Entity", entity).row,
      field("Operation", operation).row,
      field("Id fields", ids, "For UPDATE, UPSERT and DELETE").row,
      h("div", { class: "row inline" }, allOrNone, h("label", { for: "write-all-or-none" }, "All or none")),
      recordsField.row,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "write-run" }, "Write"),
      ),
    ),
    outcome,
  );
}

/**
 * The Conformance section: the suite `connector test` runs, with the connection in use; the report by check.
 * @param {HTMLElement} root
 */
export function renderConformance(root) {
  const report = h("div", { id: "conformance-report" });
  const progress = h("progress", {
    id: "conformance-progress",
    hidden: true,
    "aria-label": "Conformance run",
  });
  const run = h("button", { type: "button", class: "primary", id: "conformance-run" }, "Run the suite");
  run.addEventListener("click", async () => {
    const connection = state.connection;
    if (!connection?.name) {
      replace(report, h("p", { class: "error", role: "alert" }, "Save a connection first (Connections)"));
      return;
    }
    run.disabled = true;
    progress.hidden = false;
    const started = performance.now();
    const timer = setInterval(
      () => status(`Conformance running… ${Math.round((performance.now() - started) / 1000)} s`),
      500,
    );
    const answer = await request("POST", "/api/conformance", { connection: connection.name });
    clearInterval(timer);
    run.disabled = false;
    progress.hidden = true;
    const r = answer.body;
    if (answer.status !== 200) {
      replace(report, h("p", { class: "error", role: "alert" }, r?.error ?? `HTTP ${answer.status}`));
      return;
    }
    status(
      `Conformance: ${r.summary.passed} passed, ${r.summary.failed} failed, ${r.summary.skipped} skipped`,
    );
    replace(
      report,
      h(
        "p",
        { class: r.ok ? "pass" : "fail", id: "conformance-summary" },
        `${r.ok ? "Conformant" : "Not conformant"}: ${r.summary.passed} passed, ${r.summary.failed} failed, ${r.summary.skipped} skipped in ${Math.round(r.durationMs)} ms`,
      ),
      h(
        "table",
        { class: "checks", "aria-label": "Checks" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            ...["Phase", "Check", "Status", "Detail", "ms"].map((t) => h("th", { scope: "col" }, t)),
          ),
        ),
        h(
          "tbody",
          null,
          ...r.checks.map((c) =>
            h(
              "tr",
              { class: c.status },
              h("td", null, c.phase),
              h("td", null, c.title),
              h("td", null, c.status),
              h("td", null, c.message ?? ""),
              h("td", null, Math.round(c.durationMs)),
            ),
          ),
        ),
      ),
    );
  });
  replace(
    root,
    h("h2", null, "Conformance"),
    h(
      "p",
      null,
      "The same checks as connector test, with the connection in use. Configured writes are not run.",
    ),
    h("div", { class: "actions" }, run, progress),
    report,
  );
}
