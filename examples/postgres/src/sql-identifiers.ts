import { ConnectorError } from "connector-kit";

/** PostgreSQL truncates identifiers to 63 bytes; longer names can never match the catalog. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Quotes an identifier for SQL: wrapped in `"` with every `"` doubled. Always used, whatever the name looks
 * like, so reserved words, mixed case, dots, semicolons and comments are inert. A NUL byte is refused
 * (PostgreSQL cannot store it in a name).
 */
export function quoteIdent(name: string): string {
  if (name.includes("\u0000"))
    throw ConnectorError.invalidArgument("An identifier cannot contain a NUL character");
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"`, both parts quoted. */
export function quoteQualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

const PLAIN = /^[a-z_][a-z0-9_]*$/;

/**
 * One part of an entity identifier: as is when it is a plain lower-case name (`customers`), else in double
 * quotes with `"` doubled (`"Order Lines"`). This is display and addressing only: SQL always re-quotes.
 */
export function identifierPart(name: string): string {
  return PLAIN.test(name) ? name : quoteIdent(name);
}

/** The entity identifier of a table or view: `schema.table`, each part written by `identifierPart`. */
export function entityIdentifierOf(schema: string, table: string): string {
  return `${identifierPart(schema)}.${identifierPart(table)}`;
}

function invalid(text: string, what = "entity identifier", expected = "schema.table"): ConnectorError {
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return ConnectorError.invalidArgument(
    `Invalid ${what} ${JSON.stringify(shown)}: expected ${expected} (quote parts with "…" when needed)`,
  );
}

/** Splits an identifier written by `identifierPart`s joined with dots; throws InvalidArgument on anything else. */
export function parseIdentifierParts(
  text: string,
  fail: () => ConnectorError = () => invalid(text),
): string[] {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let name = "";
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw fail();
        name += text.slice(i, q);
        if (text[q + 1] === '"') {
          name += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (name === "") throw fail();
      parts.push(name);
    } else {
      const m = /^[a-z_][a-z0-9_]*/.exec(text.slice(i));
      if (!m) throw fail();
      parts.push(m[0]);
      i += m[0].length;
    }
    if (i === text.length) return parts;
    if (text[i] !== ".") throw fail();
    i++;
  }
}

/** Parses `schema.table` into its two names. */
export function parseEntityIdentifier(text: string): { schema: string; table: string } {
  const parts = parseIdentifierParts(text);
  if (parts.length !== 2) throw invalid(text);
  return { schema: parts[0]!, table: parts[1]! };
}

/**
 * Parses the `entitiesPath` of ListEntities: a schema (`public`), whose tables and views are listed, or an entity
 * identifier (`public.customers`), which AppFlow's test runner lists before describing it: that entity alone.
 */
export function parseEntitiesPath(text: string): { schema: string; table: string | null } {
  const fail = () => invalid(text, "entities path", "a schema or schema.table");
  const parts = parseIdentifierParts(text, fail);
  if (parts.length > 2) throw fail();
  return { schema: parts[0]!, table: parts[1] ?? null };
}
