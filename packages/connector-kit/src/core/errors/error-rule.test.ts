/**
 * The error rule of README.md, checked: a plain `throw new Error/TypeError/RangeError(` in connector-kit's
 * sources, and a class extending `Error` directly, must be on the lists below with its kind and why. A new one
 * fails here until it is either made a ConnectorError (a call failure) or listed as what it is. Tests and
 * test-support code are not checked.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "..");

type Kind = "programming error" | "internal signal" | "tool failure";

/** Plain throws by file (path under src/, `/`-separated): how many, of which kind, and why. */
const PLAIN_THROWS: Record<string, { count: number; kind: Kind; why: string }> = {
  "identity/pagination-token.ts": {
    count: 7,
    kind: "internal signal",
    why: "MessagePack decoding; decodePaginationToken catches it and throws invalid_page_token",
  },
  "core/settings/setting.ts": {
    count: 8,
    kind: "internal signal",
    why: "a setting's parse throws the problem; parseSettings catches it and reports it by key",
  },
  "core/secrets/file-secret-resolver.ts": {
    count: 2,
    kind: "internal signal",
    why: "a path outside the roots; resolve catches it and answers one uniform refusal",
  },
  "cli/templates/sql-template.ts": {
    count: 1,
    kind: "internal signal",
    why: "generated project code: rolls back the all-or-none transaction that catches it",
  },
  "marketplace/entitlement.ts": {
    count: 1,
    kind: "programming error",
    why: "createEntitlementCheck without a productCode",
  },
  "deploy/template.ts": {
    count: 2,
    kind: "programming error",
    why: "profile names; the CLI checks --profile first",
  },
  "deploy/runtimes.ts": {
    count: 1,
    kind: "programming error",
    why: "an unknown runtime; the CLI checks --runtime first",
  },
  "deploy/dockerfile.ts": {
    count: 1,
    kind: "programming error",
    why: "a malformed base image digest option",
  },
  "deploy/logs.ts": {
    count: 2,
    kind: "programming error",
    why: "a scope without a log group, or reversed; the CLI checks",
  },
  "deploy/since.ts": {
    count: 1,
    kind: "programming error",
    why: "parseTimeSpec's bad text; the CLI makes it a UsageError",
  },
  "deploy/image/registry-client.ts": {
    count: 1,
    kind: "programming error",
    why: "a chunkBytes option that is not positive",
  },
  "deploy/image/tar-layer.ts": {
    count: 3,
    kind: "programming error",
    why: "layer paths the caller gives: too long, not a file path, twice",
  },
  "marketplace/license-checkout.ts": {
    count: 1,
    kind: "programming error",
    why: "createLicenseCheck without a productSku",
  },
  "deploy/zip.ts": { count: 1, kind: "programming error", why: "two zip entries with one name" },
  "http/rate-limiter.ts": { count: 2, kind: "programming error", why: "RateLimiter options out of range" },
  "http/paginators.ts": { count: 2, kind: "programming error", why: "paginator options out of range" },
  "hosts/http/request-guard.ts": { count: 1, kind: "programming error", why: "a token too short to be safe" },
  "hosts/lumos/windows-launcher.ts": {
    count: 1,
    kind: "programming error",
    why: "the launcher's code outgrew its page",
  },
  "hosts/lumos/lumos-app.ts": {
    count: 1,
    kind: "programming error",
    why: "standardLumosApp's functions are never called",
  },
  "hosts/lumos/tar.ts": {
    count: 1,
    kind: "programming error",
    why: "an archive path longer than ustar allows",
  },
  "cli/commands/compile.ts": {
    count: 1,
    kind: "programming error",
    why: "a module missing from the installation",
  },
  "cli/sdk-tarball.ts": {
    count: 1,
    kind: "programming error",
    why: "npm pack broke its contract (no tarball)",
  },
  "console/client/conformance.ts": {
    count: 1,
    kind: "internal signal",
    why: "a conformance stream without a body; the section catches it and shows the message",
  },
  "console/client/entities.ts": {
    count: 1,
    kind: "internal signal",
    why: "a failed DescribeEntity in the page; the section that asked catches it and shows the connector's message",
  },
  "console/client/main.ts": {
    count: 1,
    kind: "programming error",
    why: "the console's own page lacks an element it is built with",
  },
  "console/client/record-editor.ts": {
    count: 6,
    kind: "internal signal",
    why: "a grid value that does not fit its field's type; the write section catches it and shows record and field",
  },
  "console/client/write.ts": {
    count: 1,
    kind: "internal signal",
    why: "records that are not an array of JSON objects; caught and shown next to the records field",
  },
  "pglite/extract-data-dir.ts": {
    count: 4,
    kind: "internal signal",
    why: "a dump entry the reader does not take; openPGlite catches it and lets PGlite load the dump",
  },
  "console/client-bundle.ts": {
    count: 2,
    kind: "programming error",
    why: "console files missing from the installation",
  },
  "testing/conformance/session.ts": {
    count: 1,
    kind: "programming error",
    why: "the suite built an unknown event",
  },
  "testing/conformance/client-filter.ts": {
    count: 1,
    kind: "programming error",
    why: "a boolean BETWEEN bound",
  },
  "filter/sql/dialect.ts": {
    count: 1,
    kind: "programming error",
    why: "an empty or NUL identifier from connector code",
  },
  "filter/sql/to-sql.ts": { count: 1, kind: "programming error", why: "columnOf answered no column name" },
  "filter/parser.ts": { count: 1, kind: "programming error", why: "parseFilter given a non-string" },
  "filter/decimal.ts": { count: 1, kind: "programming error", why: "compareDecimals given non-decimals" },
};

/** Classes extending Error directly, as `file#Class`, with their kind (see README.md). */
const ERROR_CLASSES: Record<string, Kind | "the one call failure type"> = {
  "core/errors/connector-error.ts#ConnectorError": "the one call failure type",
  "core/errors/connector-definition-error.ts#ConnectorDefinitionError": "programming error",
  "cli/command.ts#UsageError": "tool failure",
  "cli/load-connector.ts#ConnectorModuleError": "tool failure",
  "console/connection-store.ts#ConnectionInputError": "tool failure",
  "deploy/bundle.ts#BundleError": "tool failure",
  "deploy/deploy.ts#DeployError": "tool failure",
  "deploy/image/image-error.ts#ImageError": "tool failure",
  "flow/appflow/appflow-flow-client.ts#AppFlowCallError": "tool failure",
  "flow/appflow/appflow-flow-client.ts#AppFlowDeployError": "tool failure",
  "flow/appflow/appflow-mapping-error.ts#AppFlowMappingError": "tool failure",
  "flow/appflow/filter-tasks.ts#Unmappable": "internal signal",
  "flow/connector-client.ts#ConnectorCallError": "tool failure",
  "flow/flow-file-error.ts#FlowFileError": "tool failure",
  "flow/flow-run-error.ts#FlowRunError": "tool failure",
  "flow/schedule-expression.ts#ScheduleExpressionError": "tool failure",
  "hosts/lumos/run-executable.ts#Usage": "internal signal",
  "testing/conformance/report.ts#CheckFailed": "internal signal",
  "testing/conformance/report.ts#CheckSkipped": "internal signal",
  "testing/test-config-validator.ts#TestConfigError": "tool failure",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$|^test-support\.ts$/.test(entry.name) ? [path] : [];
  });
}

const PLAIN_THROW = /\bthrow\s+(?:new\s+)?(?:Error|TypeError|RangeError)\s*\(/g;
const ERROR_CLASS = /\bclass\s+(\w+)\s+extends\s+(?:Error|TypeError|RangeError)\s*[{<]/g;

const files = sourceFiles(SRC).map((path) => ({
  name: relative(SRC, path).split(sep).join("/"),
  text: readFileSync(path, "utf8"),
}));

describe("the error rule (core/errors/README.md)", () => {
  it("throws a plain Error, TypeError or RangeError only where it is listed with its kind", () => {
    const found: Record<string, number> = {};
    for (const { name, text } of files) {
      const count = text.match(PLAIN_THROW)?.length ?? 0;
      if (count > 0) found[name] = count;
    }
    const allowed = Object.fromEntries(
      Object.entries(PLAIN_THROWS).map(([name, entry]) => [name, entry.count]),
    );
    // A new plain throw: make it a ConnectorError (a call failure) or the tool's error, or list it here with why.
    expect(found).toEqual(allowed);
  });

  it("declares Error subclasses only where they are listed, each with a doc comment when exported", () => {
    const found: string[] = [];
    const undocumented: string[] = [];
    for (const { name, text } of files) {
      for (const match of text.matchAll(ERROR_CLASS)) {
        found.push(`${name}#${match[1]}`);
        const before = text.slice(0, match.index).trimEnd();
        const exported = before.endsWith("export");
        const doc = (exported ? before.slice(0, -"export".length).trimEnd() : before).endsWith("*/");
        if (exported && !doc) undocumented.push(`${name}#${match[1]}`);
      }
    }
    expect(found.sort()).toEqual(Object.keys(ERROR_CLASSES).sort());
    expect(undocumented).toEqual([]);
  });

  it("lists every tool failure class in the README's table", () => {
    const readme = readFileSync(join(import.meta.dirname, "README.md"), "utf8");
    const tools = Object.entries(ERROR_CLASSES)
      .filter(([, kind]) => kind === "tool failure")
      .map(([key]) => key.slice(key.indexOf("#") + 1));
    expect(tools.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
