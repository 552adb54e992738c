import type { WriteRecordResult } from "../../core/model/responses.js";
import { appflow, failure } from "./api.js";
import { field, h, messageOf, replace, status, submitted } from "./dom.js";
import { describeEntity } from "./entities.js";
import { type EditedRecord, recordEditor } from "./record-editor.js";
import { connectorContext, state } from "./state.js";
import type { AppFlowAnswer } from "./wire.js";

/**
 * The Write workbench: records edited as a JSON array or in a grid of the entity's fields (switching keeps
 * them), the operation and id fields; one outcome per record.
 */
export function renderWrite(root: HTMLElement, entityIdentifier?: string): void {
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

  const grid = recordEditor();
  const gridError = h("p", { class: "field-error", id: "write-grid-error", role: "alert" });
  const gridPane = h("div", { id: "write-grid", hidden: true }, grid.element, gridError);
  const jsonPane = h("div", { id: "write-json" }, recordsField.row);
  const toGrid = h("button", { type: "button", id: "write-to-grid", "aria-pressed": "false" }, "Grid");
  const toJson = h("button", { type: "button", id: "write-to-json", "aria-pressed": "true" }, "JSON");
  let inGrid = false;

  /** The records of the JSON text. @throws Error when it is not an array of objects */
  const parseJson = (): EditedRecord[] => {
    const parsed: unknown = JSON.parse(records.value);
    if (!Array.isArray(parsed) || parsed.some((r) => r === null || typeof r !== "object" || Array.isArray(r)))
      throw new Error("Give an array of JSON objects");
    return parsed as EditedRecord[];
  };
  const setMode = (on: boolean) => {
    inGrid = on;
    gridPane.hidden = !on;
    jsonPane.hidden = on;
    toGrid.setAttribute("aria-pressed", String(on));
    toJson.setAttribute("aria-pressed", String(!on));
  };
  toGrid.addEventListener("click", async () => {
    if (inGrid) return;
    recordsField.error.textContent = "";
    try {
      const current = parseJson();
      // The grid's columns are the entity's fields, from its definition.
      const definition = await describeEntity(entity.value.trim());
      grid.show(definition.fields, current);
      setMode(true);
    } catch (error) {
      recordsField.error.textContent = messageOf(error);
    }
  });
  toJson.addEventListener("click", () => {
    if (!inGrid) return;
    gridError.textContent = "";
    try {
      records.value = JSON.stringify(grid.read(), null, 2);
      setMode(false);
    } catch (error) {
      gridError.textContent = messageOf(error);
    }
  });

  const write = async () => {
    recordsField.error.textContent = "";
    gridError.textContent = "";
    let parsed: EditedRecord[];
    try {
      parsed = inGrid ? grid.read() : parseJson();
    } catch (error) {
      (inGrid ? gridError : recordsField.error).textContent = messageOf(error);
      return;
    }
    status("Writing…");
    const idFieldNames = ids.value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const answer = await appflow<AppFlowAnswer & { writeRecordResults?: WriteRecordResult[] }>("WriteData", {
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
      h("div", { class: "actions", role: "group", "aria-label": "Edit records as" }, toGrid, toJson),
      jsonPane,
      gridPane,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "primary", id: "write-run" }, "Write"),
      ),
    ),
    outcome,
  );
}
