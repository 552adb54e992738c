import { doc, isEnum, isStringMap, type Node, propertiesOf, refName } from "./model.js";

/** Options of {@link typescriptTypes}, for models beyond the AppFlow entity's forms. */
export interface TypeScriptOptions {
  /**
   * The modules of the named types an `x-type` without `x-enum` gives (`{ JsonObject: "./json.js" }`); also
   * `JsonValue`, the value type of an open object's other keys, and enum types kept outside `enumModule`.
   * Default: none (such a node is an error).
   */
  namedTypes?: Readonly<Record<string, string>>;
  /** Import lines of the types the definitions refer to but other files define. Default: none. */
  imports?: readonly string[];
  /** Re-export the enum constants and types the definitions use from `enumModule`. Default: false. */
  reexportEnums?: boolean;
}

/**
 * TypeScript interfaces of the definitions, with their descriptions as doc comments: a key the wire may leave
 * out is `key?: T | null`, unless `x-model-required` makes the model require it. Enum types are imported from
 * `enumModule`.
 */
export function typescriptTypes(
  defs: readonly Node[],
  header: string,
  enumModule: string,
  options: TypeScriptOptions = {},
): string {
  const enumTypes = new Set<string>();
  const enumConstants = new Map<string, string>(); // type → constant, for `reexportEnums`
  const named = new Set<string>();
  const namedType = (name: string): string => {
    if (!options.namedTypes?.[name]) throw new Error(`generate: no module for the type ${name}`);
    named.add(name);
    return name;
  };
  const tsType = (node: Node): string => {
    if (node.$ref) return refName(node);
    if (typeof node.const === "string") return JSON.stringify(node.const);
    // An enum whose type lives elsewhere than `enumModule` is named in `namedTypes`.
    if (isEnum(node) && options.namedTypes?.[node["x-type"] as string])
      return namedType(node["x-type"] as string);
    if (isEnum(node)) {
      enumTypes.add(node["x-type"] as string);
      enumConstants.set(node["x-type"] as string, node["x-enum"] as string);
      return node["x-type"] as string;
    }
    const more = lumosForms(node);
    if (more !== undefined) return more;
    if (isStringMap(node)) return "Record<string, string>";
    switch (node.type) {
      case "string":
        return "string";
      case "number":
      case "integer":
        return "number";
      case "boolean":
        return "boolean";
      case "array": {
        const item = tsType(node.items!);
        return /[ |]/.test(item) ? `Array<${item}>` : `${item}[]`;
      }
    }
    throw new Error(`generate: no TypeScript type for ${JSON.stringify(node)}`);
  };
  /**
   * The forms the AppFlow models do not use: a string suggesting an enum's values (`x-open-enum`), a named
   * free-form type (`x-type` alone), a union of literals, an inline object or a map of one value type.
   */
  function lumosForms(node: Node): string | undefined {
    const typeName = node["x-type"] as string | undefined;
    if (typeof node["x-open-enum"] === "string" && typeName) {
      enumTypes.add(typeName);
      enumConstants.set(typeName, node["x-open-enum"]);
      return `${typeName} | (string & {})`;
    }
    if (typeName) return namedType(typeName);
    if (node.anyOf?.every((b) => typeof b.const === "string")) {
      return node.anyOf.map((b) => JSON.stringify(b.const)).join(" | ");
    }
    if (node.type !== "object" || isStringMap(node)) return undefined;
    const additional = node["additionalProperties"] as Node | boolean | undefined;
    if (Object.keys(node.properties ?? {}).length === 0 && typeof additional === "object") {
      return `Record<string, ${tsType(additional)}>`;
    }
    return `{\n${members(node)}}`;
  }
  /** An open object's other keys: `additionalProperties: true`, or `x-open` (JSON Schema's default). */
  const indexSignature = (def: Node) =>
    def["additionalProperties"] === true || def["x-open"] === true
      ? `  [key: string]: ${namedType("JsonValue")} | undefined;\n`
      : "";
  /** The definitions that are not interfaces: aliases, arrays, empty objects and enums (imported). */
  function typeAlias(def: Node): string | undefined {
    const alias = (type: string) => `${doc(def.description)}export type ${def.$id} = ${type};\n`;
    if (def.$ref) return alias(refName(def));
    if (def.type === "array") return alias(tsType(def));
    if (isEnum(def)) {
      enumConstants.set(def["x-type"] as string, def["x-enum"] as string); // its type is the enum module's
      return "";
    }
    const empty = def.type === "object" && Object.keys(def.properties ?? {}).length === 0;
    if (empty && !def["x-type"] && def["additionalProperties"] === undefined) {
      return alias("Record<never, never>");
    }
    return undefined;
  }
  /** The members of an object type, one a line. */
  function members(def: Node): string {
    const props = propertiesOf(def)
      .map((p) => {
        const type = tsType(p.inner);
        const line = !p.modelRequired
          ? `${p.key}?: ${type} | null;`
          : p.modelNullable
            ? `${p.key}: ${type} | null;`
            : `${p.key}: ${type};`;
        return `${doc(p.node.description, "  ")}  ${line}\n`;
      })
      .join("");
    return `${props}${indexSignature(def)}`;
  }
  const body = defs
    .map(
      (def) => typeAlias(def) ?? `${doc(def.description)}export interface ${def.$id} {\n${members(def)}}\n`,
    )
    .filter((text) => text !== "")
    .join("\n");
  const imports = [
    ...(enumTypes.size > 0
      ? [`import type { ${[...enumTypes].sort().join(", ")} } from "${enumModule}";`]
      : []),
    ...[...named].sort().map((name) => `import type { ${name} } from "${options.namedTypes![name]}";`),
    ...(options.imports ?? []),
  ];
  const reexports = options.reexportEnums
    ? `export { ${[...enumConstants]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, constant]) => `${constant}, type ${type}`)
        .join(", ")} } from "${enumModule}";\n\n`
    : "";
  const importLines = imports.length > 0 ? `${imports.join("\n")}\n\n` : "";
  return `${header}${importLines}${reexports}${body}`;
}
