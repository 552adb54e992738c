/**
 * Generates the wire model's TypeScript types, codecs and JSON Schemas from the TypeBox definitions in this
 * folder. Run: `npm run generate:wire` (writes the files); `generatedFiles()` gives their text, which a test
 * compares with the files in the repository.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { appflowCodec, requestUnion, responseIndex } from "./appflow-codegen.js";
import { CONFIGURATION_MODEL } from "./appflow-configuration.js";
import { ENTITY_MODEL } from "./appflow-entity.js";
import { REQUEST_MODEL } from "./appflow-requests.js";
import { RESPONSE_MODEL } from "./appflow-responses.js";
import { lumosPayloadFiles } from "./lumos-codegen.js";
import { definitionsOf } from "./model.js";
import { typescriptTypes } from "./typescript-types.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

const header = (source: string) =>
  `// Generated from schema/${source} by \`npm run generate:wire\`. Do not edit: edit the schema and regenerate.\n`;

/** Every generated file, unformatted, by its path in the package. */
function sources(): Record<string, string> {
  const entity = definitionsOf(ENTITY_MODEL);
  const entityHeader = header("appflow-entity.ts");
  const entityCodec = appflowCodec(
    entity,
    entityHeader,
    {
      types: "../../../core/model/entity.js",
      enums: "../../../core/model/enums.js",
      tables: { DEFAULT_FILTER_OPERATORS: "../../../core/model/filter-operators.js" },
    },
    "ENTITY_MODEL",
  );
  const configuration = definitionsOf(CONFIGURATION_MODEL);
  const configurationHeader = header("appflow-configuration.ts");
  const configurationCodec = appflowCodec(
    configuration,
    configurationHeader,
    { types: "../../../core/model/configuration.js", enums: "../../../core/model/enums.js", tables: {} },
    "CONFIGURATION_MODEL",
  );
  const requests = definitionsOf(REQUEST_MODEL);
  const requestHeader = header("appflow-requests.ts");
  const requestCodec = appflowCodec(
    requests,
    requestHeader,
    {
      types: "../../../core/model/requests.js",
      enums: "../../../core/model/enums.js",
      tables: {},
      refs: { EntityDefinition: "./entity-codec.js" },
    },
    "REQUEST_MODEL",
  );
  const requestTypes = typescriptTypes(requests, requestHeader, "./enums.js", {
    imports: ['import type { EntityDefinition } from "./entity.js";'],
  });
  const responses = definitionsOf(RESPONSE_MODEL);
  const responseHeader = header("appflow-responses.ts");
  const responseCodec = appflowCodec(
    responses,
    responseHeader,
    {
      types: "../../../core/model/responses.js",
      enums: "../../../core/model/enums.js",
      enumModules: { ERROR_CODES: "../../../core/errors/error-code.js" },
      tables: {},
      refs: {
        Entity: "./entity-codec.js",
        CacheControl: "./entity-codec.js",
        EntityDefinition: "./entity-codec.js",
      },
    },
    "RESPONSE_MODEL",
  );
  const responseTypes = typescriptTypes(responses, responseHeader, "./enums.js", {
    namedTypes: { ErrorCode: "../errors/error-code.js" },
    imports: [
      'import type { ConnectorConfiguration } from "./configuration.js";',
      'import type { CacheControl, Entity, EntityDefinition } from "./entity.js";',
    ],
  });
  const requestTypeNames = requests.filter((d) => d.properties?.["type"]?.const).map((d) => d.$id!);
  return {
    ...lumosPayloadFiles(header("lumos-payloads.ts")),
    "src/core/model/entity.ts": typescriptTypes(entity, entityHeader, "./enums.js"),
    "src/hosts/appflow/wire/entity-codec.ts": entityCodec.codec,
    "src/hosts/appflow/wire/entity-json-schema.ts": entityCodec.jsonSchema,
    "src/core/model/configuration.ts": typescriptTypes(configuration, configurationHeader, "./enums.js"),
    "src/hosts/appflow/wire/configuration-codec.ts": configurationCodec.codec,
    "src/hosts/appflow/wire/configuration-json-schema.ts": configurationCodec.jsonSchema,
    "src/core/model/requests.ts": requestTypes + requestUnion(requests),
    "src/hosts/appflow/wire/request-codec.ts": requestCodec.codec,
    "src/hosts/appflow/wire/request-json-schema.ts": requestCodec.jsonSchema,
    "src/core/model/responses.ts": responseTypes + responseIndex(requestTypeNames),
    "src/hosts/appflow/wire/response-codec.ts": responseCodec.codec,
    "src/hosts/appflow/wire/response-json-schema.ts": responseCodec.jsonSchema,
  };
}

/** Formats and organizes a generated file as Biome would, so the checked-in file passes the lint. */
function formatted(path: string, source: string): string {
  const biome = join(packageRoot, "..", "..", "node_modules", ".bin", "biome");
  const result = spawnSync(biome, ["check", "--write", `--stdin-file-path=${path}`], {
    input: source,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`generate: biome could not format ${path}: ${result.stderr}`);
  return result.stdout;
}

/** Every generated file: its path in the package and its text. */
export function generatedFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sources()).map(([path, source]) => [path, formatted(join(packageRoot, path), source)]),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [path, text] of Object.entries(generatedFiles())) {
    writeFileSync(join(packageRoot, path), text);
    console.log(`wrote ${relative(process.cwd(), join(packageRoot, path))}`);
  }
}
