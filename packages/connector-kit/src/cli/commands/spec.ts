import { appflowJsonSchema } from "../../hosts/appflow/wire/json-schema.js";
import { COMMON_FLAGS, type Command } from "../command.js";

export const specCommand: Command = {
  name: "spec",
  summary: "Print the JSON Schema of every AppFlow request and response",
  usage: "",
  flags: { ...COMMON_FLAGS, compact: { type: "boolean", description: "One line instead of indented JSON" } },
  examples: ["connector spec > appflow.schema.json", "connector spec --compact | jq '.[\"$defs\"] | keys'"],
  async run({ flags }, io) {
    io.stdout(`${JSON.stringify(appflowJsonSchema(), null, flags["compact"] ? undefined : 2)}\n`);
    return 0;
  },
};
