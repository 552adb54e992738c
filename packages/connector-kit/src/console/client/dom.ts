/**
 * A tiny DOM builder: `h("button", { onclick, class: "x" }, "text", child)`. Text is always set as text, never
 * parsed as HTML, so values from the connector cannot inject markup into the page.
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value") el.value = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/**
 * Appends children (nodes, strings or nothing) to an element.
 * @param {HTMLElement} el
 * @param {Array<Node | string | number | null | undefined | false>} children
 */
export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "object" ? child : String(child));
  }
}

/**
 * Replaces an element's children.
 * @param {HTMLElement} el
 * @param {...(Node | string | null | undefined | false)} children
 */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** A fresh element id for a label and its control. @param {string} prefix */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A labelled control in a form row, with a place for its error message (linked by aria-describedby).
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 * @returns {{ row: HTMLElement, error: HTMLElement }}
 */
export function field(label, control, hint) {
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

/** Shows a message in the page's status line. @param {string} text */
export function status(text) {
  const el = document.getElementById("status");
  if (el) el.textContent = text;
}

/**
 * A form's submit handler that keeps the page (no navigation) and runs `action`.
 * @param {() => unknown} action
 */
export function submitted(action) {
  return (/** @type {Event} */ event) => {
    event.preventDefault();
    action();
  };
}
