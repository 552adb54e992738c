import fc from "fast-check";
import { AndFilter, EqualityFilter, FilterParser, OrFilter, SubstringFilter } from "ldapts";
import { describe, expect, it } from "vitest";
import {
  and,
  canonicalDn,
  dn,
  dnKey,
  eq,
  escapeDnValue,
  escapeFilterValue,
  formatDn,
  ge,
  isWithin,
  LdapSyntaxError,
  LONE_SURROGATE,
  not,
  or,
  parseDn,
  present,
  rdnUnder,
  rdnValue,
  sameDn,
  substrings,
} from "../src/escape.js";

/** Values an attacker would try: every special of both RFCs, spaces at the ends, NUL, unicode. */
export const HOSTILE_VALUES = [
  "*",
  "(",
  ")",
  "\\",
  "\0",
  "*)(uid=*",
  "admin)(|(uid=*",
  "x*)(objectClass=*))(|(cn=",
  "\\2a",
  "\\5c\\2a",
  ",",
  "+",
  '"',
  ";",
  "<",
  ">",
  "=",
  "#",
  "#hash",
  " lead",
  "trail ",
  "  both  ",
  " ",
  "a,ou=admins,dc=example,dc=org",
  "a+cn=b",
  'we*ird(name)\\,+"<>;=# ',
  "Zoë Ünïcødé 日本語 🚀",
  "nul\0inside",
  "tab\tnew\nline\r",
  "\u007f",
];

/** Decodes the assertion values of a parsed ldapts filter back into text (ldapts keeps each byte as a char). */
function valuesOf(filter: unknown): string[] {
  if (filter instanceof EqualityFilter) return [String(filter.value)];
  if (filter instanceof AndFilter || filter instanceof OrFilter) return filter.filters.flatMap(valuesOf);
  throw new Error(`unexpected filter ${String(filter)}`);
}

describe("RFC 4515 filter escaping", () => {
  it("escapes exactly the five characters of RFC 4515", () => {
    expect(escapeFilterValue("*()\\\0")).toBe("\\2a\\28\\29\\5c\\00");
    expect(escapeFilterValue('plain text, with = + ; # < > " chars')).toBe(
      'plain text, with = + ; # < > " chars',
    );
    expect(escapeFilterValue("")).toBe("");
    expect(escapeFilterValue("Zoë 🚀")).toBe("Zoë 🚀");
    expect(escapeFilterValue("\\2a")).toBe("\\5c2a");
  });

  it("builds filters and refuses bad attribute types", () => {
    expect(and(eq("objectClass", "inetOrgPerson"), eq("uid", "a*b"))).toBe(
      "(&(objectClass=inetOrgPerson)(uid=a\\2ab))",
    );
    expect(or(eq("uid", "a"), eq("uid", "b"), present("mail"))).toBe("(|(uid=a)(uid=b)(mail=*))");
    expect(not(eq("cn", ")"))).toBe("(!(cn=\\29))");
    expect(and(eq("uid", "x"))).toBe("(uid=x)");
    expect(and()).toBe("(&)");
    expect(or()).toBe("(|)");
    expect(ge("authTimestamp", "2024")).toBe("(authTimestamp>=2024)");
    expect(eq("2.5.4.3", "x")).toBe("(2.5.4.3=x)");
    expect(substrings("cn", { initial: "a*", any: ["(", ""], final: ")" })).toBe("(cn=a\\2a*\\28*\\29)");
    expect(() => substrings("cn", {})).toThrow(LdapSyntaxError);
    for (const bad of ["", "uid)(x", "uid=", "1uid", "u id", "uid;binary", "1.", "01.2", "(uid"]) {
      expect(() => eq(bad, "x"), bad).toThrow(LdapSyntaxError);
      expect(() => present(bad), bad).toThrow(LdapSyntaxError);
    }
  });

  it("every hostile value survives ldapts's filter parser as one equality assertion", () => {
    for (const value of HOSTILE_VALUES) {
      const parsed = FilterParser.parseString(and(eq("objectClass", "inetOrgPerson"), eq("uid", value)));
      expect(parsed).toBeInstanceOf(AndFilter);
      expect(valuesOf(parsed)).toEqual(["inetOrgPerson", value]);
    }
  });

  it("any string survives ldapts's filter parser (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        const parsed = FilterParser.parseString(or(eq("uid", a), eq("cn", b)));
        expect(valuesOf(parsed)).toEqual([a, b]);
      }),
      { numRuns: 2000 },
    );
  });

  it("substring parts stay literal", () => {
    const parsed = FilterParser.parseString(substrings("cn", { initial: "*(", final: "\\)" }));
    expect(parsed).toBeInstanceOf(SubstringFilter);
    const s = parsed as SubstringFilter;
    expect([s.initial, s.any, s.final]).toEqual(["*(", [], "\\)"]);
  });

  it("documents why non-ASCII is not hex-escaped: ldapts reads \\xx as one Latin-1 character", () => {
    const parsed = FilterParser.parseString("(cn=\\c3\\a9)") as EqualityFilter;
    expect(parsed.value).toBe("Ã©"); // not "é": a UTF-8 escape would be double-encoded on the wire
    expect(valuesOf(FilterParser.parseString(eq("cn", "é")))).toEqual(["é"]);
  });
});

describe("RFC 4514 DN value escaping", () => {
  it("escapes the specials, leading # and space, trailing space, NUL and controls", () => {
    expect(escapeDnValue('a"b+c,d;e<f>g\\h')).toBe('a\\"b\\+c\\,d\\;e\\<f\\>g\\\\h');
    expect(escapeDnValue("#x#")).toBe("\\#x#");
    expect(escapeDnValue(" x ")).toBe("\\ x\\ ");
    expect(escapeDnValue(" ")).toBe("\\ ");
    expect(escapeDnValue("  ")).toBe("\\ \\ ");
    expect(escapeDnValue("a b")).toBe("a b");
    expect(escapeDnValue("a=b")).toBe("a=b");
    expect(escapeDnValue("nul\0")).toBe("nul\\00");
    expect(escapeDnValue("\n\u007f")).toBe("\\0a\\7f");
    expect(escapeDnValue("Zoë 🚀")).toBe("Zoë 🚀");
    expect(() => escapeDnValue("")).toThrow(LdapSyntaxError);
  });

  it("builds DNs under a parent, canonically", () => {
    expect(dn(["uid", "john"], "ou=people,dc=example,dc=org")).toBe("uid=john,ou=people,dc=example,dc=org");
    expect(dn(["uid", "a,ou=admins"], "ou=people, DC=example , dc=org")).toBe(
      "uid=a\\,ou=admins,ou=people,DC=example,dc=org",
    );
    expect(
      dn(
        [
          ["cn", "a+b"],
          ["uid", "c"],
        ],
        "dc=org",
      ),
    ).toBe("cn=a\\+b+uid=c,dc=org");
    expect(dn(["uid", "x"], "")).toBe("uid=x");
    expect(() => dn(["uid", ""], "dc=org")).toThrow(LdapSyntaxError);
    expect(() => dn(["u id", "x"], "dc=org")).toThrow(LdapSyntaxError);
    expect(() => dn(["uid", "x"], "dc=org,")).toThrow(LdapSyntaxError);
    expect(() => dn(["uid", "x"], "dc=o)rg(")).not.toThrow(); // parens are ordinary DN characters
  });

  it("every hostile value round-trips through dn → parseDn as one RDN under the parent", () => {
    for (const value of HOSTILE_VALUES) {
      const text = dn(["uid", value], "ou=people,dc=example,dc=org");
      const parsed = parseDn(text);
      expect(parsed).toHaveLength(4);
      expect(parsed[0]).toEqual([{ type: "uid", value }]);
      expect(formatDn(parsed.slice(1))).toBe("ou=people,dc=example,dc=org");
      expect(rdnValue(rdnUnder(text, "ou=People,dc=Example,dc=org")!, "UID")).toBe(value);
    }
  });

  it("keeps a leading byte-order mark and refuses lone surrogates", () => {
    expect(parseDn(dn(["cn", "\uFEFF"], "dc=org"))[0]).toEqual([{ type: "cn", value: "\uFEFF" }]);
    expect(() => dn(["cn", "a\uD800"], "dc=org")).toThrow(/lone surrogate/);
    expect(() => escapeFilterValue("\uDC00x")).toThrow(/lone surrogate/);
  });

  it("any non-empty string round-trips (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1 }), (value) => {
        if (LONE_SURROGATE.test(value)) {
          // A lone surrogate has no UTF-8 form, so it cannot be an LDAP string.
          expect(() => dn(["cn", value], "dc=org")).toThrow(/lone surrogate/);
          return;
        }
        const text = dn(["cn", value], "dc=org");
        expect(parseDn(text)).toEqual([[{ type: "cn", value }], [{ type: "dc", value: "org" }]]);
        expect(canonicalDn(text)).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("RFC 4514 DN parsing", () => {
  it("reads hex escapes (either case) as UTF-8 bytes, and pair escapes", () => {
    expect(parseDn("cn=Lu\\C4\\8Di\\c4\\87,dc=org")[0]).toEqual([{ type: "cn", value: "Lučić" }]);
    expect(parseDn("cn=a\\2Cb\\2bc")[0]).toEqual([{ type: "cn", value: "a,b+c" }]);
    expect(parseDn("cn=\\#x\\=\\ ")[0]).toEqual([{ type: "cn", value: "#x= " }]);
    expect(parseDn("cn=a=b")[0]).toEqual([{ type: "cn", value: "a=b" }]);
    expect(parseDn("cn=x\\00y")[0]).toEqual([{ type: "cn", value: "x\0y" }]);
    expect(parseDn("cn=x dc=org")[0]).toEqual([{ type: "cn", value: "x dc=org" }]); // spaces and = are ordinary
  });

  it("takes OpenLDAP's hex-escaped output and gives the canonical form", () => {
    expect(canonicalDn("CN=a\\2Cb,OU=Groups,DC=example,DC=org")).toBe("cn=a\\,b,ou=Groups,dc=example,dc=org");
  });

  it("accepts spaces around separators and drops unescaped ones around values", () => {
    expect(formatDn(parseDn("  cn = John Smith , ou=people ,dc=org  "))).toBe(
      "cn=John Smith,ou=people,dc=org",
    );
    expect(parseDn("cn=\\ x\\ ")[0]).toEqual([{ type: "cn", value: " x " }]);
  });

  it("reads multi-valued RDNs and #hex values", () => {
    expect(parseDn("cn=a+uid=b,dc=org")).toEqual([
      [
        { type: "cn", value: "a" },
        { type: "uid", value: "b" },
      ],
      [{ type: "dc", value: "org" }],
    ]);
    expect(parseDn("1.3.6.1.4.1.1466.0=#04024869,dc=org")[0]).toEqual([
      { type: "1.3.6.1.4.1.1466.0", value: "", hex: "04024869" },
    ]);
    expect(formatDn(parseDn("1.3.6.1.4.1.1466.0=#04024869"))).toBe("1.3.6.1.4.1.1466.0=#04024869");
  });

  it("the empty DN is empty", () => {
    expect(parseDn("")).toEqual([]);
    expect(parseDn("   ")).toEqual([]);
    expect(formatDn([])).toBe("");
  });

  it("refuses malformed DNs", () => {
    const bad = [
      "cn",
      "cn=",
      "=x",
      "cn=x,",
      ",cn=x",
      "cn=x,,dc=org",
      "cn=x+",
      "cn=a\\",
      "cn=a\\zz",
      "cn=a\\4",
      'cn=a"b',
      "cn=a;b",
      "cn=a<b",
      "cn=a>b",
      "cn=a\0b",
      "cn=\\ff\\fe",
      "cn=#",
      "cn=#zz",
      "cn=#0",
      "c n=x",
      "cn=#04 x",
      "cn=x;dc=org",
    ];
    for (const text of bad) expect(() => parseDn(text), JSON.stringify(text)).toThrow(LdapSyntaxError);
  });

  it("compares DNs case-insensitively and by structure", () => {
    expect(sameDn("UID=John,OU=People,DC=Example,DC=org", "uid=john, ou=people,dc=example,dc=org")).toBe(
      true,
    );
    expect(sameDn("uid=a\\,b,dc=org", "uid=a\\2Cb,dc=org")).toBe(true);
    expect(sameDn("uid=a\\,b,dc=org", "uid=a,b=x,dc=org")).toBe(false);
    expect(sameDn("cn=a+uid=b,dc=org", "uid=b+cn=a,dc=org")).toBe(true);
    expect(dnKey("uid=A ,dc=Org")).toBe("uid=a,dc=org");
    expect(isWithin("uid=x,ou=people,dc=org", "dc=org")).toBe(true);
    expect(isWithin("dc=org", "dc=org")).toBe(true);
    expect(isWithin("uid=x,ou=people,dc=org", "ou=groups,dc=org")).toBe(false);
    expect(isWithin("dc=org", "ou=people,dc=org")).toBe(false);
    expect(rdnUnder("uid=x,ou=people,dc=org", "ou=people,dc=org")).toEqual([{ type: "uid", value: "x" }]);
    expect(rdnUnder("uid=x,ou=sub,ou=people,dc=org", "ou=people,dc=org")).toBeNull();
    expect(rdnUnder("uid=x,ou=people,dc=org,dc=evil", "ou=people,dc=org")).toBeNull();
    expect(rdnValue(parseDn("cn=x+uid=y")[0]!, "uid")).toBeNull();
    expect(rdnValue(parseDn("cn=x")[0]!, "uid")).toBeNull();
  });
});
