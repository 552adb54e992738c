/**
 * Runs the examples of a README as a user would: each marked code block is written to a file of its own in a
 * temporary directory whose `node_modules/connector-kit` leads to this package, then run by Node.js with tsx
 * under the `source` condition, so `import … from "connector-kit/http"` resolves to the sources under test.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { makeTempDir } from "./temp-dir.js";

const PACKAGE_DIR = resolve(import.meta.dirname, "../..");
const REPO_DIR = resolve(PACKAGE_DIR, "../..");

/**
 * The code blocks of a README that follow a `<!-- example: NAME -->` line, by name. A name may mark several
 * blocks; they are joined in order (one program in several steps).
 */
export function readmeExamples(readme: URL | string): Map<string, string> {
  const text = readFileSync(readme, "utf8");
  const found = new Map<string, string>();
  const pattern = /<!-- example: ([\w-]+) -->\s*\n```ts\n([\s\S]*?)```/g;
  for (const match of text.matchAll(pattern)) {
    const [, name, code] = match as unknown as [string, string, string];
    found.set(name, `${found.get(name) ?? ""}${code}`);
  }
  return found;
}

/** What a run of an example gave. */
export interface ExampleRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runExample}. */
export interface RunExampleOptions {
  /** Added to the environment (e.g. the URL of the server under test). */
  env?: Record<string, string>;
  /** Called with each line the example prints; what it returns is written to the example's stdin. */
  onLine?: (line: string) => string | undefined | Promise<string | undefined>;
  /** Default: 60 s. */
  timeoutMs?: number;
}

/** Runs one example to its end (killed after the timeout). */
export async function runExample(code: string, options: RunExampleOptions = {}): Promise<ExampleRun> {
  const dir = makeTempDir("ck-readme-");
  // A project of its own, ESM as connector-kit projects are.
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "readme-example", private: true, type: "module" }),
  );
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(PACKAGE_DIR, join(dir, "node_modules/connector-kit"), "dir");
  const file = join(dir, "example.ts");
  writeFileSync(file, code);
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", file], {
    cwd: REPO_DIR,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let pending = "";
  let chain = Promise.resolve();
  let failure: unknown;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    if (!options.onLine) return;
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      chain = chain
        .then(async () => {
          const answer = await options.onLine!(line);
          if (answer !== undefined) child.stdin.write(`${answer}\n`);
        })
        .catch((error: unknown) => {
          failure ??= error;
          child.kill("SIGKILL");
        });
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  const status = await new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  clearTimeout(timer);
  await chain;
  if (failure !== undefined) throw failure;
  return { status, stdout, stderr };
}

/**
 * The property names of an interface of a source file, with those of the interfaces it extends in the same file
 * unless `inherited: false` (read with the TypeScript compiler, so a README's option tables can be checked).
 */
export function interfaceMembers(
  sourceFile: URL | string,
  name: string,
  options: { inherited?: boolean } = {},
): string[] {
  const source = ts.createSourceFile(
    String(sourceFile),
    readFileSync(sourceFile, "utf8"),
    ts.ScriptTarget.ES2022,
    true,
  );
  const declarations = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) declarations.set(node.name.text, node);
  });
  const collect = (interfaceName: string): string[] => {
    const declaration = declarations.get(interfaceName);
    if (!declaration) throw new Error(`No interface ${interfaceName} in ${String(sourceFile)}`);
    const inherited = (options.inherited === false ? [] : (declaration.heritageClauses ?? [])).flatMap(
      (clause) =>
        clause.types
          .map((type) => type.expression.getText(source))
          .filter((base) => declarations.has(base))
          .flatMap(collect),
    );
    const own = declaration.members.flatMap((member) =>
      member.name !== undefined && ts.isIdentifier(member.name) ? [member.name.text] : [],
    );
    return [...inherited, ...own];
  };
  return collect(name);
}

/** The source file of `dir` (tests left out) that declares `interface <name>`, or undefined. */
export function fileDeclaring(dir: URL, name: string): URL | undefined {
  const pattern = new RegExp(`^export interface ${name}\\b`, "m");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => new URL(file, dir))
    .find((file) => pattern.test(readFileSync(file, "utf8")));
}
