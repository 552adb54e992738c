import { appflowJsonSchema } from "../../hosts/appflow/wire/appflow-json-schema.js";
import { describeLumosApp, standardLumosApp } from "../../hosts/lumos/lumos-app.js";
import { lumosOpenApi } from "../../hosts/lumos/openapi.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { loadProjectConfig } from "../config/load-config.js";
import { loadConnector } from "../load-connector.js";
import { SDK_VERSION } from "../version.js";

export const specCommand: Command = {
  name: "spec",
  usage: "[<connector>]",
  flags: {
    ...COMMON_FLAGS,
    compact: { type: "boolean", description: "One line instead of indented JSON" },
    lumos: {
      type: "boolean",
      description:
        "Print the OpenAPI 3.0 document of the connector's Lumos capabilities, as Lumos' SDK generates it (every standard capability without a connector)",
    },
  },
  examples: [
    "connector spec > appflow.schema.json",
    "connector spec --compact | jq '.[\"$defs\"] | keys'",
    "connector spec --lumos src/connector.ts > openapi.json",
    "connector spec --lumos | jq '.paths | keys'",
  ],
  async run({ positionals, flags }, io) {
    const indent = flags["compact"] ? undefined : 2;
    const [path] = positionals;
    if (!flags["lumos"]) {
      if (path)
        throw new UsageError(
          "A connector is only read with --lumos; `connector spec` alone prints the AppFlow schema",
        );
      io.stdout(`${JSON.stringify(appflowJsonSchema(), null, indent)}\n`);
      return 0;
    }
    let document: unknown;
    // Without a path, the project config's connector; without either, every standard capability.
    const config = path ? undefined : await loadProjectConfig(io.cwd);
    const module = path ?? config?.connector;
    if (module) {
      const connector = await loadConnector(module, io.cwd);
      if (!("definition" in connector))
        throw new UsageError(
          `${module} exports low-level handlers; a Lumos document needs a defineConnector connector`,
        );
      document = lumosOpenApi(describeLumosApp(connector));
    } else {
      document = lumosOpenApi(standardLumosApp(SDK_VERSION));
    }
    io.stdout(`${JSON.stringify(document, null, indent)}\n`);
    return 0;
  },
};
