/**
 * Escaping of LDAP search filters (RFC 4515) and distinguished names (RFC 4514), and small builders so that no
 * code of this connector ever splices a value into a filter or a DN by hand.
 *
 * Filters: `and(eq("objectClass", "inetOrgPerson"), eq("uid", id))` → `(&(objectClass=inetOrgPerson)(uid=…))`.
 * DNs: `dn(["uid", id], "ou=people,dc=example,dc=org")`; `parseDn` reads DNs that come back from the server
 * or from a caller (ids of groups and OUs are DNs), `formatDn` writes them in one canonical escaping.
 */

/** A filter or DN that cannot be built or parsed. Its message never repeats more than the offending part. */
/** With the `u` flag, a surrogate matches only when it is not half of a pair: it has no UTF-8 form. */
export const LONE_SURROGATE = /\p{Cs}/u;

export class LdapSyntaxError extends Error {
  override readonly name = "LdapSyntaxError";
}

// ───────────────────────────────────────────── attribute descriptions ─────────────────────────────────────────────

const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
const NUMERICOID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

/** True for an attribute type as RFC 4512 spells it: a descriptor (`uid`, `given-name`) or a numeric OID. */
export function isAttributeType(name: string): boolean {
  return DESCR.test(name) || NUMERICOID.test(name);
}

function checkAttributeType(name: string): string {
  if (!isAttributeType(name)) throw new LdapSyntaxError(`Not an attribute type: ${JSON.stringify(name)}`);
  return name;
}

const hex2 = (code: number): string => code.toString(16).padStart(2, "0");

// ───────────────────────────────────────────── RFC 4515: filters ─────────────────────────────────────────────

/**
 * Escapes an assertion value for a string filter (RFC 4515 §3): `*` `(` `)` `\` and NUL become `\2a` `\28`
 * `\29` `\5c` `\00`. Everything else, including non-ASCII text, is left as UTF-8, which RFC 4515 allows.
 * Non-ASCII is deliberately *not* written as `\xx` bytes: ldapts turns each `\xx` of a string filter into one
 * Latin-1 character, so a multi-byte escape would reach the server double-encoded.
 */
export function escapeFilterValue(value: string): string {
  if (LONE_SURROGATE.test(value))
    throw new LdapSyntaxError("A filter value cannot hold a lone surrogate (not UTF-8)");
  let out = "";
  for (const ch of value) {
    switch (ch) {
      case "*":
        out += "\\2a";
        break;
      case "(":
        out += "\\28";
        break;
      case ")":
        out += "\\29";
        break;
      case "\\":
        out += "\\5c";
        break;
      case "\0":
        out += "\\00";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

declare const filterBrand: unique symbol;
/** A filter built by the functions below: `and`, `or`, `not` accept nothing else. */
export type Filter = string & { readonly [filterBrand]: true };

const asFilter = (text: string): Filter => text as Filter;

/** `(attr=value)`, the value escaped. */
export function eq(attribute: string, value: string): Filter {
  return asFilter(`(${checkAttributeType(attribute)}=${escapeFilterValue(value)})`);
}

/** `(attr>=value)`, the value escaped. */
export function ge(attribute: string, value: string): Filter {
  return asFilter(`(${checkAttributeType(attribute)}>=${escapeFilterValue(value)})`);
}

/** `(attr<=value)`, the value escaped. */
export function le(attribute: string, value: string): Filter {
  return asFilter(`(${checkAttributeType(attribute)}<=${escapeFilterValue(value)})`);
}

/** `(attr=*)`. */
export function present(attribute: string): Filter {
  return asFilter(`(${checkAttributeType(attribute)}=*)`);
}

/** `(attr=initial*any1*any2*final)`, every part escaped; at least one part must be non-empty. */
export function substrings(
  attribute: string,
  parts: { initial?: string; any?: string[]; final?: string },
): Filter {
  const any = (parts.any ?? []).filter((p) => p !== "");
  if (!parts.initial && !parts.final && any.length === 0) {
    throw new LdapSyntaxError("A substring filter needs at least one non-empty part");
  }
  const middle = any.map((p) => `${escapeFilterValue(p)}*`).join("");
  return asFilter(
    `(${checkAttributeType(attribute)}=${escapeFilterValue(parts.initial ?? "")}*${middle}${escapeFilterValue(parts.final ?? "")})`,
  );
}

/** `(&f1f2…)`; with no operand it is the absolute true filter `(&)` of RFC 4526. */
export function and(...filters: Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : asFilter(`(&${filters.join("")})`);
}

/** `(|f1f2…)`; with no operand it is the absolute false filter `(|)` of RFC 4526. */
export function or(...filters: Filter[]): Filter {
  return filters.length === 1 ? filters[0]! : asFilter(`(|${filters.join("")})`);
}

/** `(!f)`. */
export function not(filter: Filter): Filter {
  return asFilter(`(!${filter})`);
}

// ───────────────────────────────────────────── RFC 4514: DNs ─────────────────────────────────────────────

/** One `type=value` of an RDN. `hex` holds the `#…` BER form when the value was written that way. */
export interface Ava {
  type: string;
  value: string;
  hex?: string;
}
/** A relative distinguished name: one or more AVAs joined by `+`. */
export type Rdn = Ava[];
/** A distinguished name, leaf first (`uid=x,ou=people,dc=example,dc=org` → [uid=x], [ou=people], …). */
export type Dn = Rdn[];

const DN_SPECIAL = new Set(['"', "+", ",", ";", "<", ">", "\\"]);

/**
 * Escapes an attribute value for a DN string (RFC 4514 §2.4): `"` `+` `,` `;` `<` `>` `\` get a backslash,
 * a leading `#` or space and a trailing space too; NUL and other control characters become `\xx`. Non-ASCII
 * stays UTF-8. An empty value is refused (no naming attribute of this connector may be empty).
 */
export function escapeDnValue(value: string): string {
  if (value === "") throw new LdapSyntaxError("An RDN value cannot be empty");
  if (LONE_SURROGATE.test(value))
    throw new LdapSyntaxError("An RDN value cannot hold a lone surrogate (not UTF-8)");
  const chars = Array.from(value);
  let out = "";
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0)!;
    if (DN_SPECIAL.has(ch)) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${hex2(code)}`;
    else if (i === 0 && (ch === "#" || ch === " ")) out += `\\${ch}`;
    else if (i === chars.length - 1 && ch === " ") out += "\\ ";
    else out += ch;
  });
  return out;
}

function formatAva(ava: Ava, lowerType: boolean): string {
  const type = lowerType ? ava.type.toLowerCase() : ava.type;
  return `${type}=${ava.hex !== undefined ? `#${ava.hex}` : escapeDnValue(ava.value)}`;
}

/** Writes a DN with the escaping of `escapeDnValue`; `lowerTypes` lower-cases attribute types. */
export function formatDn(dn: Dn, options: { lowerTypes?: boolean } = {}): string {
  return dn.map((rdn) => rdn.map((ava) => formatAva(ava, options.lowerTypes ?? false)).join("+")).join(",");
}

/**
 * Builds a DN: `rdn` (one `[type, value]` or several for a multi-valued RDN) under `parent` (a DN string,
 * parsed and checked, or a parsed DN). Every value is escaped; the result is in canonical form.
 */
export function dn(rdn: [string, string] | [string, string][], parent: string | Dn): string {
  const pairs: [string, string][] =
    typeof rdn[0] === "string" ? [rdn as [string, string]] : (rdn as [string, string][]);
  if (pairs.length === 0) throw new LdapSyntaxError("An RDN needs at least one attribute");
  const first: Rdn = pairs.map(([type, value]) => ({ type: checkAttributeType(type), value }));
  for (const ava of first) escapeDnValue(ava.value); // refuses empty values
  const parentDn = typeof parent === "string" ? parseDn(parent) : parent;
  return formatDn([first, ...parentDn]);
}

// ignoreBOM keeps a leading U+FEFF in the value instead of dropping it as a byte-order mark.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/**
 * Parses a DN string (RFC 4514 §3). Accepts what RFC 4514 produces plus what servers and people commonly
 * write: spaces around `,` `+` `=` (dropped unless escaped) and either case of hex escapes. Refuses unescaped
 * specials inside a value, bad escapes, a raw NUL (an escaped `\00` is RFC 4514's way to carry one), invalid
 * UTF-8 in hex escapes and empty values. `""` is the empty DN (no RDN).
 */
export function parseDn(text: string): Dn {
  const result: Dn = [];
  let i = 0;
  const n = text.length;
  const fail = (why: string): never => {
    throw new LdapSyntaxError(`Invalid DN (${why} at offset ${i})`);
  };
  const skipSpaces = () => {
    while (i < n && text[i] === " ") i++;
  };
  skipSpaces();
  if (i === n) return result;
  let rdn: Rdn = [];
  for (;;) {
    skipSpaces();
    const typeStart = i;
    while (i < n && /[A-Za-z0-9.-]/.test(text[i]!)) i++;
    const type = text.slice(typeStart, i);
    if (!isAttributeType(type)) fail("bad attribute type");
    skipSpaces();
    if (text[i] !== "=") fail("'=' expected");
    i++;
    skipSpaces();
    let ava: Ava;
    if (text[i] === "#") {
      i++;
      const hexStart = i;
      while (isHex(text[i]) && isHex(text[i + 1])) i += 2;
      if (i === hexStart) fail("hex value expected after '#'");
      ava = { type, value: "", hex: text.slice(hexStart, i).toLowerCase() };
      skipSpaces();
    } else {
      const bytes: number[] = [];
      let lastSignificant = 0; // bytes up to here are kept; unescaped trailing spaces are dropped
      while (i < n) {
        const ch = text[i]!;
        if (ch === "\\") {
          const next = text[i + 1];
          if (isHex(next) && isHex(text[i + 2])) {
            bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
            i += 3;
          } else if (
            next !== undefined &&
            (DN_SPECIAL.has(next) || next === " " || next === "#" || next === "=")
          ) {
            bytes.push(next.charCodeAt(0));
            i += 2;
          } else {
            fail("bad escape");
          }
          lastSignificant = bytes.length;
          continue;
        }
        if (ch === "," || ch === "+") break;
        if (ch === "\0") fail("NUL in value");
        if (ch === '"' || ch === ";" || ch === "<" || ch === ">") fail(`unescaped '${ch}'`);
        if (ch === "#" && bytes.length === 0) fail("unescaped leading '#'");
        const cp = text.codePointAt(i)!;
        const chunk = String.fromCodePoint(cp);
        for (const b of encoder.encode(chunk)) bytes.push(b);
        i += chunk.length;
        if (ch !== " ") lastSignificant = bytes.length;
      }
      let value: string;
      try {
        value = utf8.decode(new Uint8Array(bytes.slice(0, lastSignificant)));
      } catch {
        return fail("invalid UTF-8");
      }
      if (value === "") fail("empty value");
      ava = { type, value };
    }
    rdn.push(ava);
    if (i === n) {
      result.push(rdn);
      return result;
    }
    if (text[i] === "+") {
      i++;
      continue;
    }
    if (text[i] === ",") {
      i++;
      result.push(rdn);
      rdn = [];
      skipSpaces();
      if (i === n) fail("RDN expected after ','");
      continue;
    }
    fail("',' or '+' expected");
  }
}

/** The DN string in canonical form: parsed, attribute types lower-cased, values re-escaped minimally. */
export function canonicalDn(text: string): string {
  return formatDn(parseDn(text), { lowerTypes: true });
}

/**
 * A comparison key for DNs whose naming attributes match case-insensitively (`uid`, `cn`, `ou`, `dc`, `o`… use
 * caseIgnoreMatch in the standard schema): types and values lower-cased, the AVAs of an RDN sorted.
 */
export function dnKey(dnValue: string | Dn): string {
  const parsed = typeof dnValue === "string" ? parseDn(dnValue) : dnValue;
  return parsed
    .map((rdn) =>
      rdn
        .map(
          (ava) =>
            `${ava.type.toLowerCase()}=${ava.hex !== undefined ? `#${ava.hex}` : escapeDnValue(ava.value.toLowerCase())}`,
        )
        .sort()
        .join("+"),
    )
    .join(",");
}

/** True when the two DNs name the same entry (see `dnKey`). */
export function sameDn(a: string | Dn, b: string | Dn): boolean {
  return dnKey(a) === dnKey(b);
}

/** The parent of `child` when `child` is exactly one level below `parent`, else null. */
export function rdnUnder(child: string | Dn, parent: string | Dn): Rdn | null {
  const c = typeof child === "string" ? parseDn(child) : child;
  const p = typeof parent === "string" ? parseDn(parent) : parent;
  if (c.length !== p.length + 1) return null;
  return dnKey(c.slice(1)) === dnKey(p) ? c[0]! : null;
}

/** True when `child` is `ancestor` or lies below it. */
export function isWithin(child: string | Dn, ancestor: string | Dn): boolean {
  const c = typeof child === "string" ? parseDn(child) : child;
  const a = typeof ancestor === "string" ? parseDn(ancestor) : ancestor;
  if (c.length < a.length) return false;
  return dnKey(c.slice(c.length - a.length)) === dnKey(a);
}

/** The value of a single-AVA RDN of type `type` (case-insensitive), else null. */
export function rdnValue(rdn: Rdn, type: string): string | null {
  if (rdn.length !== 1) return null;
  const [ava] = rdn;
  return ava && ava.hex === undefined && ava.type.toLowerCase() === type.toLowerCase() ? ava.value : null;
}
