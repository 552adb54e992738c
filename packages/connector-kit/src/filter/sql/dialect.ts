/** How `toSql` spells placeholders, identifiers and CONTAINS for one database. */
export interface SqlDialect {
  /** Name for messages. */
  readonly name: string;
  /** The placeholder of the `index`-th parameter (1-based, after `paramOffset`). */
  placeholder(index: number): string;
  /** Quotes one identifier (a column name), escaping as the database needs. */
  quoteIdentifier(name: string): string;
  /** SQL that is true when text column `column` contains the parameter as a substring. */
  contains(column: string, placeholder: string): string;
  /** The parameter value for `contains`, from the needle (e.g. a LIKE pattern with the needle escaped). */
  containsParam(needle: string): string;
  /** SQL that is true when array column `column` has an element equal to the parameter; absent if unsupported. */
  arrayContains?(column: string, placeholder: string): string;
  /**
   * SQL that is true when the object in column `column` has the parameter as a key (Map CONTAINS), false for an
   * object without it, and null for anything but an object; absent if unsupported.
   */
  mapContainsKey?(column: string, placeholder: string): string;
}

function quoteWith(q: string): (name: string) => string {
  return (name) => {
    if (name.length === 0 || name.includes("\0"))
      throw new RangeError(`invalid SQL identifier: ${JSON.stringify(name)}`);
    return q + name.split(q).join(q + q) + q;
  };
}

/** Escapes `!`, `%` and `_` with `!` for `LIKE … ESCAPE '!'` (a character no database treats specially in literals). */
function likeContains(needle: string): string {
  return `%${needle.replace(/[!%_]/g, "!$&")}%`;
}

/**
 * PostgreSQL (also PGlite): `$1, $2, …`, `"identifiers"`, CONTAINS as `position($n in col) > 0` (no pattern
 * characters to escape, case-sensitive), List CONTAINS as `$n = ANY(col)` (an array column), Map CONTAINS as
 * key presence in a `jsonb` object (`col ? $n`, null unless the value is an object).
 */
export const postgresDialect: SqlDialect = {
  name: "postgres",
  placeholder: (i) => `$${i}`,
  quoteIdentifier: quoteWith('"'),
  contains: (col, ph) => `position(${ph} in ${col}) > 0`,
  containsParam: (needle) => needle,
  arrayContains: (col, ph) => `${ph} = ANY(${col})`,
  mapContainsKey: (col, ph) => `(CASE WHEN jsonb_typeof(${col}) = 'object' THEN ${col} ? ${ph} END)`,
};

/**
 * Standard SQL with `?` placeholders (SQLite, H2, DuckDB, …): `"identifiers"`, CONTAINS as
 * `col LIKE ? ESCAPE '!'` with the needle's `%`, `_` and `!` escaped in the parameter (case sensitivity is the
 * database's LIKE: SQLite's is case-insensitive for ASCII).
 */
export const ansiDialect: SqlDialect = {
  name: "ansi",
  placeholder: () => "?",
  quoteIdentifier: quoteWith('"'),
  contains: (col, ph) => `${col} LIKE ${ph} ESCAPE '!'`,
  containsParam: likeContains,
};

/** MySQL/MariaDB: `?` placeholders, `` `identifiers` ``, CONTAINS as LIKE with an escaped pattern (see `ansiDialect`). */
export const mysqlDialect: SqlDialect = {
  name: "mysql",
  placeholder: () => "?",
  quoteIdentifier: quoteWith("`"),
  contains: (col, ph) => `${col} LIKE ${ph} ESCAPE '!'`,
  containsParam: likeContains,
};
