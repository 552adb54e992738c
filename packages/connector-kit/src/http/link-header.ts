/** One link of an RFC 8288 `Link` header. */
export interface WebLink {
  /** The target as written between `<` and `>` (resolve it against the response URL). */
  uri: string;
  /** Relation types, lower-cased (`rel="next last"` gives `["next", "last"]`). */
  rel: string[];
  /** Every parameter, names lower-cased, quoted values unquoted (the first of a repeated name wins). */
  params: Record<string, string>;
}

/**
 * Parses an RFC 8288 `Link` header: `<https://api/x?page=2>; rel="next", <…>; rel=last`. Commas and
 * semicolons inside `<…>` and quoted strings are kept; malformed links are skipped, never thrown.
 */
export function parseLinkHeader(value: string | null | undefined): WebLink[] {
  if (!value) return [];
  const links: WebLink[] = [];
  const n = value.length;
  let i = 0;
  const skipSpace = () => {
    while (i < n && (value[i] === " " || value[i] === "\t")) i++;
  };
  const skipToNextLink = () => {
    let quoted = false;
    while (i < n) {
      const c = value[i];
      if (quoted) {
        if (c === "\\") i++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === ",") break;
      i++;
    }
    i++;
  };
  while (i < n) {
    skipSpace();
    if (value[i] === ",") {
      i++;
      continue;
    }
    if (value[i] !== "<") {
      skipToNextLink();
      continue;
    }
    const close = value.indexOf(">", i + 1);
    if (close === -1) break;
    const inner = value.lastIndexOf("<", close);
    if (inner > i) {
      i = inner; // an unterminated `<…` before: drop it, start over at the last `<`
      continue;
    }
    const uri = value.slice(i + 1, close).trim();
    i = close + 1;
    const params: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (i >= n || value[i] === ",") break;
      if (value[i] !== ";") {
        skipToNextLink();
        i--;
        break;
      }
      i++;
      skipSpace();
      let name = "";
      while (i < n && /[^\s=;,]/.test(value[i]!)) name += value[i++];
      skipSpace();
      let paramValue = "";
      if (value[i] === "=") {
        i++;
        skipSpace();
        if (value[i] === '"') {
          i++;
          while (i < n && value[i] !== '"') {
            if (value[i] === "\\" && i + 1 < n) i++;
            paramValue += value[i++];
          }
          i++;
        } else {
          while (i < n && /[^\s;,]/.test(value[i]!)) paramValue += value[i++];
        }
      }
      const key = name.toLowerCase().replace(/\*$/, "");
      if (key !== "" && !(key in params)) params[key] = paramValue;
    }
    const rel = (params["rel"] ?? "")
      .split(/\s+/)
      .filter((r) => r !== "")
      .map((r) => r.toLowerCase());
    links.push({ uri, rel, params });
  }
  return links;
}

/** The target of the first link with relation `rel` (case-insensitive), or null. */
export function findLink(value: string | null | undefined, rel: string): string | null {
  const wanted = rel.toLowerCase();
  return parseLinkHeader(value).find((link) => link.rel.includes(wanted))?.uri ?? null;
}
