import { FilterSyntaxError } from "../../filter/errors.js";
import { Lexer, T_EOF, TOKEN_NAMES } from "../../filter/lexer.js";
import { parseFilter } from "../../filter/parser.js";
import { findFilterProblems } from "../../filter/validate.js";
import { type Child, h, messageOf, replace, uid } from "./dom.js";
import type { EntityDefinition } from "./wire.js";

/** The highlight class of each token kind. */
const KIND: Record<string, string> = {
  AND: "kw",
  OR: "kw",
  NOT: "kw",
  BETWEEN: "kw",
  IN: "kw",
  LIMIT: "kw",
  CONTAINS: "kw",
  TRUE: "lit",
  FALSE: "lit",
  NULL: "lit",
  STRING: "str",
  POS_INTEGER: "num",
  DECIMAL: "num",
  DATE: "lit",
  DATETIME: "lit",
  IDENTIFIER: "id",
};

/**
 * The filter's text as highlighted spans; the span of `[errorStart, errorEnd)` is marked as the error.
 * Lexing stops at the first bad character (the rest is shown plain).
 */
function highlighted(text: string, errorStart: number | null, errorEnd: number | null): Child[] {
  const parts: Child[] = [];
  let at = 0;
  const push = (from: number, to: number, cls: string) => {
    if (to <= from) return;
    if (errorStart !== null && errorEnd !== null && from < errorEnd && to > errorStart) {
      if (from < errorStart) parts.push(h("span", { class: cls }, text.slice(from, errorStart)));
      parts.push(
        h(
          "mark",
          { class: "filter-error-at" },
          text.slice(Math.max(from, errorStart), Math.min(to, errorEnd)),
        ),
      );
      if (to > errorEnd) parts.push(h("span", { class: cls }, text.slice(errorEnd, to)));
    } else parts.push(h("span", { class: cls }, text.slice(from, to)));
  };
  try {
    const lexer = new Lexer(text);
    for (lexer.next(); lexer.type !== T_EOF; lexer.next()) {
      push(at, lexer.start, "");
      push(lexer.start, lexer.end, KIND[TOKEN_NAMES[lexer.type] ?? ""] ?? "op");
      at = lexer.end;
    }
  } catch {
    // A character the lexer rejects: the parser reports it with its position below.
  }
  push(at, text.length, "");
  if (errorStart !== null && errorStart >= text.length)
    parts.push(h("mark", { class: "filter-error-at" }, " "));
  return parts;
}

/** A filter editor's element and what its form reads of it. */
export interface FilterEditor {
  el: HTMLElement;
  /** The filter's text, trimmed. */
  value: () => string;
  /** Whether the last check found no problem. */
  valid: () => boolean;
  /** Checks the text now. */
  check: () => void;
  /** Sets the text and checks it. */
  set: (text: string) => void;
}

/**
 * A filter editor: a text area, the text highlighted under it, and live validation with the SDK's own parser
 * and validator (the code the connector's host runs) against the entity's definition. Problems are listed
 * with their line and column and marked in the text.
 * @param definition the entity definition to validate against (null: syntax only)
 */
export function filterEditor(definition: () => EntityDefinition | null): FilterEditor {
  const id = uid("filter");
  const input = h("textarea", {
    id,
    rows: 3,
    spellcheck: "false",
    "aria-describedby": `${id}-problems`,
    placeholder: 'e.g. moons > 0 AND name CONTAINS "a"',
  });
  const view = h("pre", { class: "filter-view", "aria-hidden": "true" });
  const problems = h("ul", { class: "filter-problems", id: `${id}-problems`, "aria-live": "polite" });
  let ok = true;

  const check = () => {
    const text = input.value;
    ok = true;
    if (text.trim() === "") {
      replace(view);
      replace(problems);
      input.removeAttribute("aria-invalid");
      return;
    }
    let start: number | null = null;
    let end: number | null = null;
    const messages: string[] = [];
    try {
      const query = parseFilter(text);
      const entity = definition();
      const found = entity ? findFilterProblems(query, entity) : [];
      for (const p of found) {
        messages.push(p.message);
        if (start === null && p.start !== undefined) {
          start = p.start;
          end = p.end ?? p.start + 1;
        }
      }
    } catch (error) {
      if (error instanceof FilterSyntaxError) {
        start = error.offset;
        // The mark covers the word or character found there (one place past the end for "end of input").
        const word = /^[A-Za-z0-9_.]+|^\S/.exec(text.slice(error.offset));
        end = error.offset + (word ? word[0].length : 1);
        messages.push(error.message);
      } else messages.push(messageOf(error));
    }
    ok = messages.length === 0;
    if (ok) input.removeAttribute("aria-invalid");
    else input.setAttribute("aria-invalid", "true");
    replace(view, ...highlighted(text, start, end));
    replace(problems, ...messages.map((m) => h("li", { class: "filter-problem" }, m)));
  };
  input.addEventListener("input", check);

  const el = h("div", { class: "filter-editor" }, h("label", { for: id }, "Filter"), input, view, problems);
  return {
    el,
    value: () => input.value.trim(),
    valid: () => ok,
    check,
    set: (text: string) => {
      input.value = text;
      check();
    },
  };
}
