import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";

const SRC = join(import.meta.dirname, "../..");

// Fake: both packages are installed in this repository, so a child process hides them with a resolve hook that
// fails the way Node does for a package that is not there.
const HOOK = `export async function resolve(specifier, context, next) {
  if (specifier === "@aws-sdk/client-ecr" || specifier === "@aws-sdk/client-license-manager") {
    throw Object.assign(new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL), { code: "ERR_MODULE_NOT_FOUND" });
  }
  return next(specifier, context);
}
`;

describe("the optional AWS SDK peers of images and licence checks", () => {
  it("give an install hint when they are not installed", () => {
    const dir = makeTempDir("ck-missing-peer-");
    writeFileSync(join(dir, "hook.mjs"), HOOK);
    writeFileSync(
      join(dir, "register.mjs"),
      'import { register } from "node:module";\nregister("./hook.mjs", import.meta.url);\n',
    );
    const url = (p: string) => pathToFileURL(join(SRC, p)).href;
    writeFileSync(
      join(dir, "main.mts"),
      [
        `import { ecrCredentials } from ${JSON.stringify(url("deploy/image/ecr-credentials.ts"))};`,
        `import { createLicenseCheck } from ${JSON.stringify(url("marketplace/license-checkout.ts"))};`,
        `import { requireEntitlement } from ${JSON.stringify(url("marketplace/entitlement.ts"))};`,
        'const ecr = await ecrCredentials({ region: "us-east-1" }).catch((e) => e);',
        'const check = createLicenseCheck({ productSku: "p", logger: { warn() {} } });',
        "const licence = await requireEntitlement(check).catch((e) => e);",
        "process.stdout.write(JSON.stringify({ ecr: [ecr.code, ecr.message], licence: [licence.code, licence.message] }));",
      ].join("\n"),
    );
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "--import", join(dir, "register.mjs"), join(dir, "main.mts")],
      {
        cwd: SRC,
        encoding: "utf8",
      },
    );
    const { ecr, licence } = JSON.parse(out) as { ecr: [string, string]; licence: [string, string] };
    expect(ecr).toEqual([
      "ServerError",
      "Pushing to Amazon ECR needs the package @aws-sdk/client-ecr, which is not installed; install it next to connector-kit: npm install @aws-sdk/client-ecr",
    ]);
    expect(licence[0]).toBe("AccessDenied");
    expect(licence[1]).toMatch(
      /could not be checked: ConnectorError: The License Manager licence check needs the package @aws-sdk\/client-license-manager, which is not installed; install it next to connector-kit: npm install @aws-sdk\/client-license-manager\)$/,
    );
  });
});
