/**
 * Generates the wire model's TypeScript types, codecs and JSON Schemas from the TypeBox definitions in this
 * folder. Run: `npm run generate:wire` (writes the files); `generatedFiles()` gives their text, which a test
 * compares with the files in the repository.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { TSchema } from "@sinclair/typebox";
import { appflowCodec, type CodecImports, requestUnion, responseIndex } from "./appflow-codegen.js";
import { CONFIGURATION_MODEL } from "./appflow-configuration.js";
import { ENTITY_MODEL } from "./appflow-entity.js";
import { REQUEST_MODEL } from "./appflow-requests.js";
import { RESPONSE_MODEL } from "./appflow-responses.js";
import { lumosPayloadFiles } from "./lumos-codegen.js";
import { definitionsOf, type Node } from "./model.js";
import { type TypeScriptOptions, typescriptTypes } from "./typescript-types.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

const header = (source: string) =>
  `// Generated from schema/${source} by \`npm run generate:wire\`. Do not edit: edit the schema and regenerate.\n`;

/** One AppFlow model: its source, the name of its files, and what it refers to elsewhere. */
interface AppFlowModel {
  /** The file in schema/ and the definitions it exports. */
  source: string;
  definitions: readonly TSchema[];
  /** The types' file in src/core/model. */
  typesFile: string;
  /** `entity` → wire/entity-codec.ts and wire/entity-json-schema.ts. */
  name: string;
  /** The prefix of the JSON Schema constants (`ENTITY_MODEL_DEFS`). */
  constant: string;
  /** Codec options beyond the enum module (tables, other models' codecs, enums kept elsewhere). */
  codec?: Partial<CodecImports>;
  /** Type options (types of other models, enum types kept elsewhere). */
  types?: TypeScriptOptions;
  /** Text appended to the types (unions and indexes derived from the definitions). */
  extra?: (defs: readonly Node[]) => string;
}

const entityCodec = "./entity-codec.js";

const APPFLOW_MODELS: readonly AppFlowModel[] = [
  {
    source: "appflow-entity.ts",
    definitions: ENTITY_MODEL,
    typesFile: "entity.ts",
    name: "entity",
    constant: "ENTITY_MODEL",
    codec: { tables: { DEFAULT_FILTER_OPERATORS: "../../../core/model/filter-operators.js" } },
  },
  {
    source: "appflow-configuration.ts",
    definitions: CONFIGURATION_MODEL,
    typesFile: "configuration.ts",
    name: "configuration",
    constant: "CONFIGURATION_MODEL",
  },
  {
    source: "appflow-requests.ts",
    definitions: REQUEST_MODEL,
    typesFile: "requests.ts",
    name: "request",
    constant: "REQUEST_MODEL",
    codec: { refs: { EntityDefinition: entityCodec } },
    types: { imports: ['import type { EntityDefinition } from "./entity.js";'] },
    extra: requestUnion,
  },
  {
    source: "appflow-responses.ts",
    definitions: RESPONSE_MODEL,
    typesFile: "responses.ts",
    name: "response",
    constant: "RESPONSE_MODEL",
    codec: {
      enumModules: { ERROR_CODES: "../../../core/errors/error-code.js" },
      refs: { Entity: entityCodec, CacheControl: entityCodec, EntityDefinition: entityCodec },
    },
    types: {
      namedTypes: { ErrorCode: "../errors/error-code.js" },
      imports: [
        'import type { ConnectorConfiguration } from "./configuration.js";',
        'import type { CacheControl, Entity, EntityDefinition } from "./entity.js";',
      ],
    },
    extra: () => responseIndex(definitionsOf(REQUEST_MODEL)),
  },
];

/** The three files of an AppFlow model: its types, its codec and its JSON Schemas. */
function appflowFiles(model: AppFlowModel): Record<string, string> {
  const defs = definitionsOf(model.definitions);
  const top = header(model.source);
  const { codec, jsonSchema } = appflowCodec(
    defs,
    top,
    {
      types: `../../../core/model/${model.typesFile.replace(/\.ts$/, ".js")}`,
      enums: "../../../core/model/enums.js",
      tables: {},
      ...model.codec,
    },
    model.constant,
  );
  const types = typescriptTypes(defs, top, "./enums.js", model.types) + (model.extra?.(defs) ?? "");
  return {
    [`src/core/model/${model.typesFile}`]: types,
    [`src/hosts/appflow/wire/${model.name}-codec.ts`]: codec,
    [`src/hosts/appflow/wire/${model.name}-json-schema.ts`]: jsonSchema,
  };
}

/** Every generated file, unformatted, by its path in the package. */
function sources(): Record<string, string> {
  return Object.assign(
    { ...lumosPayloadFiles(header("lumos-payloads.ts")) },
    ...APPFLOW_MODELS.map(appflowFiles),
  );
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
