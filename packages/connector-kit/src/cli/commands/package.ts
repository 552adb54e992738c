import { relative } from "node:path";
import { BASE_IMAGE_DIGEST_ARG } from "../../deploy/dockerfile.js";
import { DEFAULT_PACKAGE_DIR, packageConnector } from "../../deploy/package-connector.js";
import {
  DEFAULT_LAMBDA_RUNTIME,
  isLambdaRuntime,
  LAMBDA_RUNTIMES,
  type LambdaRuntime,
  lambdaRuntimeFacts,
} from "../../deploy/runtimes.js";
import { isConnectorProfileName, type TemplateCodeSource } from "../../deploy/template.js";
import { COMMON_FLAGS, type Command, type FlagSpec, UsageError } from "../command.js";
import { commandTarget, shownModule } from "../config/command-target.js";

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

/** The `--runtime` flag of `package` and `deploy`. */
export const RUNTIME_FLAG: FlagSpec = {
  type: "string",
  valueName: "runtime",
  description: `Lambda runtime: ${LAMBDA_RUNTIMES.join(" or ")}; sets the bundle's target and the base image too (default: ${DEFAULT_LAMBDA_RUNTIME})`,
};

/** The `--runtime` flag's value, checked: a usage error names the runtimes allowed. */
export function runtimeFlag(value: unknown): LambdaRuntime {
  if (value === undefined) return DEFAULT_LAMBDA_RUNTIME;
  if (!isLambdaRuntime(value)) {
    throw new UsageError(`--runtime must be one of ${LAMBDA_RUNTIMES.join(", ")}, not "${String(value)}"`);
  }
  return value;
}

/** The `--profile` flags' values, checked against AppFlow's profile name pattern. */
function profileFlags(value: unknown): string[] | undefined {
  const profiles = (value as string[] | undefined) ?? [];
  for (const profile of profiles) {
    if (!isConnectorProfileName(profile)) {
      throw new UsageError(
        `--profile "${profile}" is not an AppFlow connector profile name (letters, digits and _/!@#+=.- only)`,
      );
    }
  }
  return profiles.length > 0 ? profiles : undefined;
}

export const packageCommand: Command = {
  name: "package",
  usage: "[connector]",
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
    runtime: RUNTIME_FLAG,
    profile: {
      type: "string",
      multiple: true,
      valueName: "name",
      description:
        "AppFlow connector profile whose secret the function may read, exactly (repeatable; default: every profile of the label, which also matches connectors labelled <label>-…)",
    },
  },
  examples: [
    "connector package ./src/connector.ts",
    "connector package ./src/connector.ts --out build --label planets --code local",
    "connector package examples/hello/src/connector.ts --conditions source --json",
    "connector package ./src/connector.ts --runtime nodejs24.x --label planets --profile production",
  ],
  async run({ positionals, flags }, io) {
    const usage = "connector package <connector>";
    const target = await commandTarget(positionals, flags, io.cwd, { positionalCount: 1, usage });
    if (target.rest.length > 0) throw new UsageError(`Usage: ${usage}`);
    const module = shownModule(target, io.cwd);
    const code = codeSource(flags["code"]);
    const label = typeof flags["label"] === "string" ? flags["label"] : undefined;
    const runtime = runtimeFlag(flags["runtime"]);
    const profiles = profileFlags(flags["profile"]);
    const p = await packageConnector(target.module, {
      cwd: io.cwd,
      ...(typeof flags["out"] === "string" ? { outDir: flags["out"] } : {}),
      conditions: (flags["conditions"] as string[] | undefined) ?? [],
      sourcemap: flags["sourcemap"] === true,
      template: {
        code,
        runtime,
        ...(label ? { connectorLabel: label } : {}),
        ...(profiles ? { connectorProfiles: profiles } : {}),
      },
    });
    const facts = lambdaRuntimeFacts(runtime);
    const warnings = [
      ...p.warnings,
      ...(profiles
        ? []
        : [
            "the function may read the secrets of every connector profile of the label, and of connectors labelled <label>-…; give --profile <name> to grant exactly one profile's secret",
          ]),
    ];
    const ok = p.validation === null || p.validation.valid;
    if (flags["json"]) {
      io.stdout(
        `${JSON.stringify(
          {
            outDir: p.outDir,
            runtime,
            files: p.files,
            zipBytes: p.zipBytes,
            bundleBytes: p.bundleBytes,
            generatedHandler: p.generatedHandler,
            assets: p.assets.map((a) => ({ name: a.name, bytes: a.bytes })),
            validation: p.validation,
            warnings,
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
        `  index.mjs      the bundle (handler: index.handler, runtime ${runtime}, target ${facts.esbuildTarget}, @aws-sdk/* left out)`,
        ...p.assets.map(
          (a) =>
            `  ${a.name.padEnd(14)} ${formatBytes(a.bytes)}, loaded by the bundle at run time (also in function.zip)`,
        ),
        `  template.json  ${v === null ? "not validated (install @aws-cdk/cfnspec to check it)" : v.valid ? `valid against the CloudFormation resource specification ${v.specificationVersion}` : `${v.problems.length} problem(s):`}`,
        ...(v && !v.valid ? v.problems.map((x) => `    ${x.path}: ${x.message}`) : []),
        `  Dockerfile     container image on ${facts.baseImage} (for AWS Marketplace), ${facts.baseImageDigest ? `pinned to ${facts.baseImageDigest}` : `pinned by digest: build with --build-arg ${BASE_IMAGE_DIGEST_ARG}=sha256:…`}`,
        ...warnings.map((w) => `warning: ${w.trim()}`),
        "",
      ].join("\n"),
    );
    return ok ? 0 : 1;
  },
};
