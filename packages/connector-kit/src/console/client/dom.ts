/** A child of {@link h}: nodes and text; null, undefined and false are left out. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes of {@link h}: `on…` functions become listeners, `value` sets the property, `true` is present. */
export type Attrs = Record<string, unknown> | null;

/**
 * A tiny DOM builder: `h("button", { onclick, class: "x" }, "text", child)`. Text is always set as text, never
 * parsed as HTML, so values from the connector cannot inject markup into the page.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function")
      el.addEventListener(key.slice(2), value as EventListener);
    else if (key === "value" && "value" in el) (el as HTMLInputElement).value = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, strings or nothing) to an element. */
export function append(el: Element, children: Array<Child | Child[]>): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "object" ? child : String(child));
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Array<Child | Child[]>): void {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** A fresh element id for a label and its control. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled control in a form row, with a place for its error message (linked by aria-describedby). */
export function field(
  label: string,
  control: HTMLElement,
  hint?: string | null,
): { row: HTMLElement; error: HTMLElement } {
  const id = control.id || uid("f");
  control.id = id;
  const error = h("p", { class: "field-error", id: `${id}-error`, role: "alert" });
  control.setAttribute("aria-describedby", `${id}-error`);
  const row = h(
    "div",
    { class: "row" },
    h("label", { for: id }, label),
    control,
    hint ? h("p", { class: "hint" }, hint) : null,
    error,
  );
  return { row, error };
}

/** Shows a message in the page's status line. */
export function status(text: string): void {
  const el = document.getElementById("status");
  if (el) el.textContent = text;
}

/** A form's submit handler that keeps the page (no navigation) and runs `action`. */
export function submitted(action: () => unknown): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    action();
  };
}

/** The message of a thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
