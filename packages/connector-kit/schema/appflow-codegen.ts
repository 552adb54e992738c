/*
 * The AppFlow wire code of a model: decoders (an InvalidArgument naming the key path of the first bad value,
 * defaults filled), encoders (every key in schema order, null where there is no value, defaults written out),
 * fast checks for the `x-fast` definitions, and the JSON Schemas in both flavours.
 */
import { isEnum, isStringMap, type Node, type Property, propertiesOf, refName, unwrap } from "./model.js";

const ENUM_MARKER = "x-enum-constant";

/** What the generated codec imports its types and enum constants from, relative to it. */
export interface CodecImports {
  types: string;
  enums: string;
  /** Modules of the lookup tables `x-encode-default-by` names. */
  tables: Record<string, string>;
  /** The codec modules of definitions referred to but generated elsewhere, by name. Default: none. */
  refs?: Record<string, string>;
  /** Modules of enum constants kept outside `enums`, by constant. Default: none. */
  enumModules?: Record<string, string>;
}

/** Generates the codec and the JSON Schema module of `defs`. */
export function appflowCodec(
  defs: readonly Node[],
  header: string,
  imports: CodecImports,
  schemaName: string,
) {
  const byName = new Map(defs.map((d) => [d.$id!, d]));
  const enumConstants = new Set<string>();
  const hoisted = new Map<string, string>(); // name → expression, made once at module load

  function hoist(name: string, expression: string): string {
    hoisted.set(name, expression);
    return name;
  }

  function enumDecoder(node: Node): string {
    const constant = node["x-enum"] as string;
    enumConstants.add(constant);
    return hoist(`oneOf${pascal(node)}`, `oneOf(${constant})`);
  }

  /** The decoder call for a property: `decoder(o["key"], path, "key")`, with its default. */
  /**
   * A default as written in the generated code: a list of every value of an enum becomes a copy of its
   * constant rather than a copy of its values. Serves the decoders' defaults and the encoders' alike.
   */
  function asWritten(p: Property, expression: string | undefined): string | undefined {
    const item = p.inner.items;
    if (expression === undefined || !item || !isEnum(item)) return expression;
    const all = JSON.stringify(item.anyOf!.map((n) => n.const));
    return expression === all ? `[...${enumConstantOf(item)}]` : expression;
  }

  const defaultOf = (p: Property) => asWritten(p, p.decodeDefault);

  function decodeProperty(p: Property): string {
    const key = JSON.stringify(p.key);
    const v = p.alias ? `(o[${key}] ?? o[${JSON.stringify(p.alias)}])` : `o[${key}]`;
    const args = `${v}, path, ${key}`;
    const inner = p.inner;
    // Null and absent alike give null (then the default) through the optional decoders.
    const orNull = p.optional && p.nullable;
    let call: string;
    if (inner.$ref) {
      const decode = `decode${refName(inner)}`;
      call = orNull
        ? `${hoist(`optional${refName(inner)}`, `optional(${decode})`)}(${args})`
        : `${decode}(${args})`;
    } else if (isEnum(inner)) {
      const decode = enumDecoder(inner);
      call = orNull
        ? `${hoist(`optional${decode[0]!.toUpperCase()}${decode.slice(1)}`, `optional(${decode})`)}(${args})`
        : `${decode}(${args})`;
    } else if (isStringMap(inner)) {
      call = `${orNull ? "optionalStringMap" : "stringMap"}(${args})`;
    } else if (inner.type === "array") {
      const item = inner.items!;
      if (item.type === "string" && !isEnum(item))
        call = `${orNull ? "optionalStringArray" : "stringArray"}(${args})`;
      else {
        const decodeItem = item.$ref ? `decode${refName(item)}` : enumDecoder(item);
        call = `${orNull ? "optionalArrayOf" : "arrayOf"}(${v}, path, ${decodeItem}, ${key})`;
      }
    } else if (typeof inner.const === "string") {
      // The discriminant: the dispatch on `type` has checked it already.
      return JSON.stringify(inner.const);
    } else if (inner.type === "integer") {
      const minimum = inner["minimum"];
      if (minimum !== 0 && minimum !== 1)
        throw new Error(`generate: an integer needs a minimum of 0 or 1 (${p.key})`);
      const decode = minimum === 1 ? "PositiveInteger" : "NonNegativeInteger";
      call = orNull ? `optional${decode}(${args})` : `${decode[0]!.toLowerCase()}${decode.slice(1)}(${args})`;
    } else {
      const kind = { string: "String", number: "Number", boolean: "Boolean" }[inner.type as string];
      if (!kind) throw new Error(`generate: no decoder for ${p.key}`);
      call = orNull
        ? `optional${kind}(${args})`
        : kind === "String"
          ? `string(${args})`
          : `required${kind}(${args})`;
    }
    if (p.optional && !p.nullable) {
      // Optional but never null: only absence takes the default.
      return `${v} === undefined ? ${defaultOf(p) ?? "undefined"} : ${call}`;
    }
    const fallback = defaultOf(p);
    return fallback === undefined ? call : `${call} ?? ${fallback}`;
  }

  function encodeProperty(p: Property): string {
    const v = `value.${p.key}`;
    const inner = p.inner;
    const fallback = asWritten(p, p.encodeDefault) ?? "null";
    // The model guarantees a value: no fallback needed.
    const present = p.modelRequired && !p.modelNullable;
    if (inner.$ref) {
      const encode = `encode${refName(inner)}`;
      return present ? `${encode}(${v})` : `${v} ? ${encode}(${v}) : ${fallback}`;
    }
    if (inner.type === "array" && inner.items!.$ref) {
      const encode = `encode${refName(inner.items!)}`;
      return present ? `${v}.map(${encode})` : `${v}?.map(${encode}) ?? ${fallback}`;
    }
    return present && p.encodeDefault === undefined ? v : `${v} ?? ${fallback}`;
  }

  /** The condition under which `v` is NOT in the model's form (valid and needing no default or conversion). */
  function failsCheck(p: Property): string {
    const inner = p.inner;
    let wrong: string;
    if (inner.$ref) wrong = `!is${refName(inner)}(v)`;
    else if (isEnum(inner)) {
      const values = hoist(`valuesOf${pascal(inner)}`, `new EnumValues(${enumConstantOf(inner)})`);
      wrong = `!${values}.has(v)`;
    } else if (isStringMap(inner)) wrong = "!isStringRecord(v)";
    else if (inner.type === "array") {
      const item = inner.items!;
      if (isEnum(item)) {
        // EnumArrays takes absent values itself.
        const lists = hoist(`listsOf${pascal(item)}`, `new EnumArrays(${enumConstantOf(item)})`);
        return p.modelRequired ? `!Array.isArray(v) || !${lists}.accepts(v)` : `!${lists}.accepts(v)`;
      }
      wrong = `!isArrayOf(v, ${item.$ref ? `is${refName(item)}` : "isString"})`;
    } else if (typeof inner.const === "string") wrong = `v !== ${JSON.stringify(inner.const)}`;
    else if (inner.type === "integer")
      wrong = `!(Number.isSafeInteger(v) && (v as number) >= ${inner["minimum"]})`;
    else if (inner.type === "number") wrong = "!Number.isFinite(v)";
    else wrong = `typeof v !== ${JSON.stringify(inner.type)}`;
    if (!p.modelRequired)
      return p.nullable ? `v !== undefined && v !== null && ${wrong}` : `v !== undefined && (${wrong})`;
    return p.modelNullable ? `v !== null && (${wrong})` : wrong;
  }

  /** `FIELD_DATA_TYPES` → `FieldDataTypes`: the name part of a hoisted enum check. */
  function pascal(node: Node): string {
    return (node["x-enum"] as string)
      .toLowerCase()
      .split("_")
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join("");
  }

  function enumConstantOf(node: Node): string {
    const constant = node["x-enum"] as string;
    enumConstants.add(constant);
    return constant;
  }

  /** The definitions a fast check reaches from the `x-fast` ones. */
  function fastDefinitions(): Node[] {
    const reached = new Set<string>();
    const visit = (node: Node): void => {
      if (node.$ref && !reached.has(node.$ref)) {
        reached.add(node.$ref);
        visit(byName.get(node.$ref)!);
      }
      for (const child of [...(node.anyOf ?? []), ...Object.values(node.properties ?? {}), node.items]) {
        if (child) visit(child);
      }
    };
    for (const def of defs)
      if (def["x-fast"]) {
        reached.add(def.$id!);
        visit(def);
      }
    return defs.filter((d) => reached.has(d.$id!));
  }

  function codecFile(): string {
    const parts: string[] = [];
    for (const def of defs) {
      const name = def.$id!;
      const props = propertiesOf(def);
      const exact = def["x-fast"] ? `decode${name}Exactly` : `decode${name}`;
      // A key another one defaults to is decoded first, into a local of its own.
      const sources = new Set(
        props.map((p) => p.node["x-default-from"] as string | undefined).filter(Boolean),
      );
      const locals = props
        .filter((p) => sources.has(p.key))
        .map((p) => `  const ${p.key}Value = ${decodeProperty(p)};\n`)
        .join("");
      const fields = props
        .map((p) => `    ${p.key}: ${sources.has(p.key) ? `${p.key}Value` : decodeProperty(p)},\n`)
        .join("");
      parts.push(
        (def["x-fast"]
          ? ""
          : `/** Decodes \`${name}\` at \`parent.key\`: an InvalidArgument names the key path of the first bad value. */\n`) +
          `${def["x-fast"] ? "" : "export "}function ${exact}(value: unknown, parent: string, key?: string): ${name} {\n` +
          `  const path = pathOf(parent, key);\n  const o = object(value, path);\n${locals}` +
          `  return {\n${fields}  };\n}\n`,
      );
      parts.push(
        `/** Encodes \`${name}\`: every key in order, defaults written out, null where there is no value. */\n` +
          `export function encode${name}(value: ${name}): JsonObject {\n  return {\n${props
            .map((p) => `    ${p.key}: ${encodeProperty(p)},\n`)
            .join("")}  };\n}\n`,
      );
    }
    for (const def of fastDefinitions()) {
      const name = def.$id!;
      const checks = propertiesOf(def)
        .map((p) => `  v = value[${JSON.stringify(p.key)}];\n  if (${failsCheck(p)}) return false;\n`)
        .join("");
      parts.push(
        `function is${name}(value: unknown): value is ${name} {\n  if (!isObject(value)) return false;\n  let v: unknown;\n${checks}  return true;\n}\n`,
      );
    }
    for (const def of defs.filter((d) => d["x-fast"])) {
      const name = def.$id!;
      parts.push(
        `/** The decoder that names the key path of any error (the fast path's fallback). */\n` +
          `export const exact${name}: Decoder<${name}> = fastThenExact(decode${name}Exactly);\n\n` +
          `/**\n * Decodes ${name}: a value already in the model's form is checked without building key paths and\n` +
          ` * handed on as it is (absent keys stay absent); anything else goes through the exact decoder.\n */\n` +
          `export const decode${name}: Decoder<${name}> = (value, path, key) =>\n  is${name}(value) ? value : exact${name}(value, path, key);\n`,
      );
    }
    const types = defs.map((d) => d.$id!).join(", ");
    const localEnums = [...enumConstants].filter((c) => !imports.enumModules?.[c]).sort();
    const consts = [...hoisted].map(([name, expression]) => `const ${name} = ${expression};\n`).join("");
    const code = parts.join("") + consts;
    const used = (names: string[]) =>
      names.filter((h) => new RegExp(`\\b${h.replace("type ", "")}\\b`).test(code));
    const decoders = used([
      "arrayOf",
      "type Decoder",
      "fastThenExact",
      "type JsonObject",
      "object",
      "oneOf",
      "optional",
      "optionalArrayOf",
      "optionalBoolean",
      "optionalNumber",
      "optionalNonNegativeInteger",
      "optionalPositiveInteger",
      "optionalString",
      "optionalStringArray",
      "optionalStringMap",
      "pathOf",
      "nonNegativeInteger",
      "positiveInteger",
      "requiredBoolean",
      "requiredNumber",
      "string",
      "stringArray",
      "stringMap",
    ]);
    const checks = used(["EnumArrays", "EnumValues", "isArrayOf", "isObject", "isString", "isStringRecord"]);
    return (
      header +
      `import type { ${types} } from "${imports.types}";\n` +
      [...enumConstants]
        .filter((c) => imports.enumModules?.[c])
        .map((c) => `import { ${c} } from "${imports.enumModules![c]}";\n`)
        .join("") +
      (localEnums.length > 0 ? `import { ${localEnums.join(", ")} } from "${imports.enums}";\n` : "") +
      Object.entries(imports.refs ?? {})
        .map(([name, from]) => {
          const used = [`decode${name}`, `encode${name}`].filter((f) => new RegExp(`\\b${f}\\b`).test(code));
          return used.length > 0 ? `import { ${used.join(", ")} } from "${from}";\n` : "";
        })
        .join("") +
      Object.entries(imports.tables)
        .filter(([table]) => new RegExp(`\\b${table}\\b`).test(code))
        .map(([table, from]) => `import { ${table} } from "${from}";\n`)
        .join("") +
      `import { ${decoders.join(", ")} } from "./decoder.js";\n` +
      (checks.length > 0 ? `import { ${checks.join(", ")} } from "./fast-checks.js";\n` : "") +
      "\n" +
      `/*\n * Decoders (an InvalidArgument naming the key path of the first bad value; defaults filled) and encoders\n` +
      ` * (every key in the official Python SDK's order, null where there is no value, the defaults the Java SDK\n` +
      ` * materializes written out), so decode → encode is stable.\n */\n\n` +
      consts +
      "\n" +
      parts.join("\n")
    );
  }

  /** Keeps only JSON Schema keywords: drops the generator's own and TypeBox's markers. */
  function plain(node: Node, rename: (ref: string) => string, mode: "exact" | "lenient"): Node {
    const { inner, nullable } = unwrap(node);
    let out: Node;
    if (inner.$ref) out = { $ref: `#/$defs/${rename(inner.$ref)}` };
    // The values stay in their constant: a marker here, the constant's name in the generated text.
    else if (isEnum(inner)) out = { type: "string", enum: { [ENUM_MARKER]: inner["x-enum"] } };
    else if (isStringMap(inner)) {
      const lenient = mode === "lenient" && inner["x-lenient-strings"] === true;
      out = {
        type: "object",
        additionalProperties: lenient
          ? { type: ["string", "number", "boolean", "null"] }
          : { type: "string" },
      };
    } else if (inner.type === "array") out = { type: "array", items: plain(inner.items!, rename, mode) };
    else if (typeof inner.const === "string") out = { const: inner.const };
    else if (inner.type === "integer")
      out = { type: "integer", minimum: inner["minimum"], maximum: inner["maximum"] };
    else out = { type: inner.type };
    return nullable ? { anyOf: [out, { type: "null" }] } : out;
  }

  /**
   * The definitions as JSON Schema (draft 2020-12). `exact`: as the encoders write them (every key present,
   * defaults written out, null only where there is no default). `lenient`: as the decoders accept them (only the
   * required keys, unknown keys allowed), named with an `Input` suffix.
   */
  function schemaDefs(mode: "exact" | "lenient"): Record<string, Node> {
    const rename = (ref: string) => (mode === "lenient" ? `${ref}Input` : ref);
    const out: Record<string, Node> = {};
    for (const def of defs) {
      const props = propertiesOf(def);
      const properties: Record<string, Node> = {};
      for (const p of props) {
        const schema = plain(p.node, rename, mode);
        const hasDefault = p.encodeDefault !== undefined;
        properties[p.key] =
          mode === "exact" && (hasDefault || (p.modelRequired && !p.modelNullable))
            ? plain(p.inner, rename, mode)
            : schema;
      }
      out[rename(def.$id!)] =
        mode === "exact"
          ? { type: "object", properties, required: props.map((p) => p.key), additionalProperties: false }
          : { type: "object", properties, required: props.filter((p) => !p.optional).map((p) => p.key) };
    }
    return out;
  }

  function jsonSchemaFile(): string {
    const used = new Set<string>();
    // `"enum": { "<marker>": "X" }` becomes `"enum": [...X]`.
    const text = (value: unknown) =>
      JSON.stringify(value, null, 2).replace(
        new RegExp(`\\{\\s*"${ENUM_MARKER}": "(\\w+)"\\s*\\}`, "g"),
        (_match, constant: string) => {
          used.add(constant);
          return `[...${constant}]`;
        },
      );
    const body =
      `\n/** The definitions as the encoders write them (responses): every key present, defaults written out. */\n` +
      `export const ${schemaName}_DEFS: Record<string, Record<string, unknown>> = ${text(schemaDefs("exact"))};\n\n` +
      `/** The definitions as the decoders accept them (requests): \`…Input\` names, optional keys may be absent. */\n` +
      `export const ${schemaName}_INPUT_DEFS: Record<string, Record<string, unknown>> = ${text(schemaDefs("lenient"))};\n`;
    const local = [...used].filter((c) => !imports.enumModules?.[c]).sort();
    const importLines =
      [...used]
        .filter((c) => imports.enumModules?.[c])
        .map((c) => `import { ${c} } from "${imports.enumModules![c]}";\n`)
        .join("") + (local.length > 0 ? `import { ${local.join(", ")} } from "${imports.enums}";\n` : "");
    return header + importLines + body;
  }

  return { codec: codecFile(), jsonSchema: jsonSchemaFile() };
}

/**
 * The union of the request types (each definition with a literal \`type\`), their names, and the list of them:
 * appended to the generated request types.
 */
export function requestUnion(defs: readonly Node[]): string {
  const names = defs.filter((d) => typeof d.properties?.["type"]?.const === "string").map((d) => d.$id!);
  return (
    `\n/** Every request AppFlow sends a connector. */\n` +
    `export type ConnectorRequest =\n${names.map((n) => `  | ${n}`).join("\n")};\n\n` +
    `export type RequestType = ConnectorRequest["type"];\n\n` +
    `/** The request types, in the order of the AppFlow API. */\n` +
    `export const REQUEST_TYPES: readonly RequestType[] = [\n${names.map((n) => `  ${JSON.stringify(n)},`).join("\n")}\n];\n`
  );
}

/** The answer type of each request type, and DescribeConnectorConfiguration's, composed: appended to the responses. */
export function responseIndex(requests: readonly Node[]): string {
  const requestTypes = requests
    .filter((d) => typeof d.properties?.["type"]?.const === "string")
    .map((d) => d.$id!);
  const responseOf = (type: string) => type.replace(/Request$/, "Response");
  return (
    `\n/** DescribeConnectorConfiguration's answer: the envelope and, when it succeeded, the configuration. */\n` +
    `export type DescribeConnectorConfigurationResponse = ResponseEnvelope & Partial<ConnectorConfiguration>;\n\n` +
    `/** The response type of each request type. */\n` +
    `export interface ResponseByType {\n${requestTypes.map((t) => `  ${t}: ${responseOf(t)};`).join("\n")}\n}\n`
  );
}
