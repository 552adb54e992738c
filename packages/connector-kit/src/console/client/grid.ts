import { h, replace } from "./dom.js";

/** Height of one grid row, in pixels: rows are placed by index, so only the visible ones exist in the page. */
const ROW = 28;
/** Rows drawn above and below the visible ones. */
const OVERSCAN = 10;

/**
 * A virtualised results grid: any number of records, with only the visible rows in the DOM. Selecting a row
 * (click or Enter) shows the record as JSON.
 */
export function recordGrid(
  columns: string[],
  records: Array<Record<string, unknown>>,
  onSelect: (record: Record<string, unknown>, index: number) => void,
): HTMLElement {
  const head = h(
    "div",
    { class: "grid-row grid-head", role: "row" },
    ...columns.map((c) => h("div", { class: "cell", role: "columnheader" }, c)),
  );
  const body = h("div", { class: "grid-body" });
  // Through the CSSOM: the Content-Security-Policy forbids inline style attributes.
  body.style.height = `${records.length * ROW}px`;
  const viewport = h("div", { class: "grid-viewport", tabindex: "0", role: "rowgroup" }, body);
  const cell = (value: unknown) =>
    value === null || value === undefined
      ? ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  let drawn = "";
  const draw = () => {
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW) - OVERSCAN);
    const last = Math.min(
      records.length,
      Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW) + OVERSCAN,
    );
    // Rows already in place stay the same elements (focus and selection survive a scroll event).
    if (drawn === `${first}:${last}`) return;
    drawn = `${first}:${last}`;
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const record = records[i] ?? {};
      const row = h(
        "div",
        {
          class: "grid-row",
          role: "row",
          tabindex: "0",
          "aria-rowindex": i + 2,
          onclick: () => onSelect(record, i),
          onkeydown: (e: KeyboardEvent) => e.key === "Enter" && onSelect(record, i),
        },
        ...columns.map((c) => h("div", { class: "cell", role: "cell" }, cell(record[c]))),
      );
      row.style.top = `${i * ROW}px`;
      rows.push(row);
    }
    replace(body, ...rows);
  };
  viewport.addEventListener("scroll", () => requestAnimationFrame(draw));
  const el = h(
    "div",
    {
      class: "grid",
      role: "table",
      "aria-rowcount": records.length + 1,
      "aria-label": `${records.length} records`,
    },
    head,
    viewport,
  );
  queueMicrotask(draw);
  requestAnimationFrame(draw);
  return el;
}
