import type { FieldDefinition } from "../../core/model/entity.js";
import { getField, setField } from "../../core/records/record-field.js";
import { h, replace } from "./dom.js";

/** A record as the Write workbench holds it. */
export type EditedRecord = Record<string, unknown>;

const INTEGERS = new Set(["Integer", "Long", "Short"]);
const FLOATS = new Set(["Float", "Double"]);
// Kept as text once checked: a JavaScript number would round them.
const BIG = new Set(["BigInteger", "BigDecimal"]);
const JSON_TYPES = new Set(["Struct", "Map", "List"]);
const BIG_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * A cell's text as the value of a field of `dataType`: integers and floats become numbers, booleans
 * `true`/`false`, Struct, Map and List JSON; BigInteger and BigDecimal stay text (checked as numbers) so no
 * digit is lost; other types stay text. Empty text is `undefined` (the field is left out of the record).
 * @throws Error naming the type the text does not match
 */
export function cellValue(text: string, dataType: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  if (INTEGERS.has(dataType)) {
    const n = Number(t);
    if (!Number.isSafeInteger(n)) throw new Error(`"${t}" is not an integer (${dataType})`);
    return n;
  }
  if (FLOATS.has(dataType)) {
    const n = Number(t);
    if (!Number.isFinite(n)) throw new Error(`"${t}" is not a number (${dataType})`);
    return n;
  }
  if (BIG.has(dataType)) {
    if (!BIG_NUMBER.test(t)) throw new Error(`"${t}" is not a number (${dataType})`);
    return t;
  }
  if (dataType === "Boolean") {
    if (t !== "true" && t !== "false") throw new Error(`"${t}" is not true or false (Boolean)`);
    return t === "true";
  }
  if (JSON_TYPES.has(dataType)) {
    try {
      return JSON.parse(t);
    } catch {
      throw new Error(`"${t}" is not JSON (${dataType})`);
    }
  }
  // String, Date, DateTime, ByteArray: text as typed (spaces included).
  return text;
}

/** A value as a cell's text: strings as they are, objects as JSON, nothing as an empty cell. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The grid editor of the Write workbench. */
export interface RecordEditor {
  /** The editor's table and its add-row button. */
  element: HTMLElement;
  /** Shows `records` with one input per field of `fields`; keys that are not fields are kept as they are. */
  show(fields: FieldDefinition[], records: EditedRecord[]): void;
  /**
   * The records typed in the grid, each value typed by its field's dataType.
   * @throws Error naming the record and field of the first value that does not match its type
   */
  read(): EditedRecord[];
}

/** A table with one row per record and one input per field, rows added and removed by buttons. */
export function recordEditor(): RecordEditor {
  let fields: FieldDefinition[] = [];
  // Per row: the keys the grid has no column for, put back when the row is read.
  let rows: Array<{ extra: EditedRecord; inputs: HTMLInputElement[] }> = [];
  const body = h("tbody");
  const head = h("thead");
  const table = h("table", { class: "record-grid", "aria-label": "Records" }, head, body);
  const element = h(
    "div",
    { class: "record-editor" },
    table,
    h("button", { type: "button", id: "write-add-row", onclick: () => addRow({}) }, "Add record"),
  );

  const redraw = () => {
    replace(
      body,
      ...rows.map((row, i) =>
        h(
          "tr",
          null,
          h("th", { scope: "row" }, i + 1),
          ...row.inputs.map((input, j) => {
            input.setAttribute("aria-label", `${fields[j]!.fieldName} of record ${i + 1}`);
            return h("td", null, input);
          }),
          h(
            "td",
            null,
            h(
              "button",
              {
                type: "button",
                class: "remove-row",
                "aria-label": `Remove record ${i + 1}`,
                onclick: () => {
                  rows = rows.filter((r) => r !== row);
                  redraw();
                },
              },
              "Remove",
            ),
          ),
        ),
      ),
    );
  };

  const addRow = (record: EditedRecord) => {
    const extra = { ...record };
    const inputs = fields.map((f) => {
      delete extra[f.fieldName];
      return h("input", {
        value: cellText(getField(record, f.fieldName)),
        autocomplete: "off",
        placeholder: f.dataType,
        "data-field": f.fieldName,
      });
    });
    rows.push({ extra, inputs });
    redraw();
  };

  return {
    element,
    show(nextFields, records) {
      fields = nextFields;
      rows = [];
      replace(
        head,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, "#"),
          ...fields.map((f) => h("th", { scope: "col" }, f.fieldName)),
          h("th", { scope: "col" }, "Remove"),
        ),
      );
      for (const record of records) addRow(record);
      if (records.length === 0) addRow({});
    },
    read() {
      return rows.map((row, i) => {
        const record: EditedRecord = { ...row.extra };
        row.inputs.forEach((input, j) => {
          const f = fields[j]!;
          let value: unknown;
          try {
            value = cellValue(input.value, f.dataType);
          } catch (error) {
            input.setAttribute("aria-invalid", "true");
            input.focus();
            throw new Error(`Record ${i + 1}, ${f.fieldName}: ${(error as Error).message}`);
          }
          input.removeAttribute("aria-invalid");
          if (value === undefined) delete record[f.fieldName];
          else setField(record, f.fieldName, value);
        });
        return record;
      });
    },
  };
}
