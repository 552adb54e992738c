import type { TemplateInput } from "./project-template.js";

/**
 * The files every generated project has: package.json (with the template's scripts), a strict tsconfig,
 * a vitest config and a .gitignore.
 */
export function projectFiles(
  input: TemplateInput,
  scripts: Record<string, string>,
  /** A template's own packages, added to the common ones. Default: none. */
  extra: {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    /** Paths the template's own files write, added to .gitignore. Default: none. */
    ignore?: string[];
  } = {},
): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    "package.json": json({
      name: input.name,
      version: "0.1.0",
      private: true,
      type: "module",
      engines: { node: ">=20.19" },
      scripts: { test: "vitest run", typecheck: "tsc --noEmit", ...scripts },
      dependencies: { "connector-kit": input.sdkVersion, ...extra.dependencies },
      // connector-kit's development tools are optional peers: tsx loads TypeScript connectors in the CLI,
      // esbuild bundles them for Lambda, ajv checks a TestConfig (connector test --config, npm run conformance).
      devDependencies: {
        "@types/node": "^20.19.0",
        ajv: "^8.17.0",
        esbuild: "^0.28.0",
        tsx: "^4.20.0",
        typescript: "^5.9.0",
        vitest: "^3.2.0",
        ...extra.devDependencies,
      },
    }),
    "tsconfig.json": json({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        types: ["node"],
      },
      include: ["src", "test", "vitest.config.ts", "connector.config.ts"],
    }),
    // .connector/: the local flow runner's state (runs, checkpoints, watermarks), per machine.
    ".gitignore": ["node_modules/", "dist/", ".connector/", ...(extra.ignore ?? [])]
      .map((p) => `${p}\n`)
      .join(""),
    "vitest.config.ts": `import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["test/**/*.test.ts"] } });
`,
  };
}

/** The README paragraph that says where the project's connector-kit comes from. */
export function sdkSourceNote(input: TemplateInput): string {
  if (!input.sdkVersion.startsWith("file:")) return "";
  const tarball = input.sdkVersion.slice("file:".length);
  return `
\`${tarball}\` is the connector-kit this project was created with; commit it with the project. To depend on
a registry release instead, run \`npm install connector-kit@<version>\` and delete the tarball.
`;
}
