import { existsSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { packRunningSdk } from "../sdk-tarball.js";
import { TEMPLATES } from "../templates/index.js";
import { SDK_VERSION } from "../version.js";

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

/** `my-shop-connector` → `MyShopConnector`. */
function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

export const initCommand: Command = {
  name: "init",
  usage: "<name>",
  flags: {
    ...COMMON_FLAGS,
    template: {
      type: "string",
      valueName: "name",
      description: `Project template: ${TEMPLATES.map((t) => t.name).join(", ")} (default: ${TEMPLATES[0]!.name})`,
    },
    dir: { type: "string", valueName: "path", description: "Where to create it (default: ./<name>)" },
    sdk: {
      type: "string",
      valueName: "source",
      description: `Where the project gets connector-kit: "vendor" packs the running one into vendor/ (default), "registry" depends on ^${SDK_VERSION}, or any version range`,
    },
  },
  examples: [
    "connector init my-shop-connector",
    "connector init billing --template appflow --dir ./connectors/billing",
    "connector init people --template lumos --sdk registry",
  ],
  async run({ positionals, flags }, io) {
    const [name] = positionals;
    if (!name || !NAME.test(name)) {
      throw new UsageError(
        "Give the project a name of lower-case letters, digits and dashes, starting with a letter, e.g. `connector init my-connector`",
      );
    }
    if (/^(aws|amazon|appflow)/.test(name))
      throw new UsageError(
        "AppFlow refuses connector names starting with aws, amazon or appflow; pick another name",
      );
    const templateName = (flags["template"] as string | undefined) ?? TEMPLATES[0]!.name;
    const template = TEMPLATES.find((t) => t.name === templateName);
    if (!template)
      throw new UsageError(
        `Unknown template "${templateName}". Templates: ${TEMPLATES.map((t) => t.name).join(", ")}`,
      );
    const target = resolve(io.cwd, (flags["dir"] as string | undefined) ?? name);
    if (existsSync(target) && readdirSync(target).length > 0) {
      throw new UsageError(`${target} already exists and is not empty; choose another --dir`);
    }
    const sdk = (flags["sdk"] as string | undefined) ?? "vendor";
    // Until connector-kit is on a registry, a project depends on the copy that created it, packed beside it.
    const vendored = sdk === "vendor" ? `vendor/${await packRunningSdk(join(target, "vendor"))}` : undefined;
    const files = template.files({
      name,
      connectorName: pascalCase(name),
      sdkVersion: vendored ? `file:${vendored}` : sdk === "registry" ? `^${SDK_VERSION}` : sdk,
    });
    for (const [path, content] of Object.entries(files)) {
      const file = join(target, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content, { flag: "wx" });
    }
    if (flags["json"]) {
      io.stdout(
        `${JSON.stringify({
          directory: target,
          template: template.name,
          files: [...Object.keys(files), ...(vendored ? [vendored] : [])],
        })}\n`,
      );
    } else {
      io.stdout(
        `Created ${name} (${template.name} template) in ${target}\n\nNext:\n  cd ${target}\n  npm install\n  npm test\n`,
      );
    }
    return 0;
  },
};
