import { relative } from "node:path";
import { DEFAULT_BASE_IMAGE } from "../../deploy/dockerfile.js";
import { DEFAULT_PACKAGE_DIR, packageConnector } from "../../deploy/package-connector.js";
import type { TemplateCodeSource } from "../../deploy/template.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";

/** Sizes in KB with one decimal, e.g. `12.3 KB`. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

function codeSource(value: unknown): TemplateCodeSource {
  switch (value ?? "s3") {
    case "s3":
      return "parameters";
    case "local":
      return { localPath: "function.zip" };
    case "image":
      return "image";
    default:
      throw new UsageError(`--code must be s3, local or image, not "${String(value)}"`);
  }
}

export const packageCommand: Command = {
  name: "package",
  usage: "<connector>",
  flags: {
    ...COMMON_FLAGS,
    out: { type: "string", valueName: "dir", description: `Output folder (default: ${DEFAULT_PACKAGE_DIR})` },
    label: {
      type: "string",
      valueName: "connector-label",
      description: "Default of the template's ConnectorLabel parameter (default: none)",
    },
    code: {
      type: "string",
      valueName: "from",
      description:
        "Where the template takes the code from: s3 (ConnectorCodeBucket/Key parameters), local (for `aws cloudformation package`) or image (default: s3)",
    },
    conditions: {
      type: "string",
      multiple: true,
      valueName: "name",
      description:
        "Package-export condition to resolve first, e.g. source in the connector-kit repo (repeatable)",
    },
    sourcemap: { type: "boolean", description: "Add an inline source map to the bundle" },
  },
  examples: [
    "connector package ./src/connector.ts",
    "connector package ./src/connector.ts --out build --label planets --code local",
    "connector package examples/hello/src/connector.ts --conditions source --json",
  ],
  async run({ positionals, flags }, io) {
    const [module] = positionals;
    if (!module || positionals.length > 1) throw new UsageError("Usage: connector package <connector>");
    const code = codeSource(flags["code"]);
    const label = typeof flags["label"] === "string" ? flags["label"] : undefined;
    const p = await packageConnector(module, {
      cwd: io.cwd,
      ...(typeof flags["out"] === "string" ? { outDir: flags["out"] } : {}),
      conditions: (flags["conditions"] as string[] | undefined) ?? [],
      sourcemap: flags["sourcemap"] === true,
      template: { code, ...(label ? { connectorLabel: label } : {}) },
    });
    const ok = p.validation === null || p.validation.valid;
    if (flags["json"]) {
      io.stdout(
        `${JSON.stringify(
          {
            outDir: p.outDir,
            files: p.files,
            zipBytes: p.zipBytes,
            bundleBytes: p.bundleBytes,
            generatedHandler: p.generatedHandler,
            validation: p.validation,
            warnings: p.warnings,
          },
          null,
          2,
        )}\n`,
      );
      return ok ? 0 : 1;
    }
    const show = (path: string) => relative(io.cwd, path) || ".";
    const v = p.validation;
    io.stdout(
      [
        `Packaged ${module} into ${show(p.outDir)}`,
        `  function.zip   ${formatBytes(p.zipBytes)} (bundle ${formatBytes(p.bundleBytes)}${p.generatedHandler ? ", handler made with createLambdaHandler" : ""})`,
        "  index.mjs      the bundle (handler: index.handler, runtime nodejs20.x, @aws-sdk/* left out)",
        `  template.json  ${v === null ? "not validated (install @aws-cdk/cfnspec to check it)" : v.valid ? `valid against the CloudFormation resource specification ${v.specificationVersion}` : `${v.problems.length} problem(s):`}`,
        ...(v && !v.valid ? v.problems.map((x) => `    ${x.path}: ${x.message}`) : []),
        `  Dockerfile     container image on ${DEFAULT_BASE_IMAGE} (for AWS Marketplace)`,
        ...p.warnings.map((w) => `warning: ${w.trim()}`),
        "",
      ].join("\n"),
    );
    return ok ? 0 : 1;
  },
};
