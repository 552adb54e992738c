import { doc, isEnum, isStringMap, type Node, propertiesOf, refName } from "./model.js";

/**
 * TypeScript interfaces of the definitions, with their descriptions as doc comments: a key the wire may leave
 * out is `key?: T | null`, unless `x-model-required` makes the model require it. Enum types are imported from
 * `enumModule`.
 */
export function typescriptTypes(defs: readonly Node[], header: string, enumModule: string): string {
  const enumTypes = new Set<string>();
  const tsType = (node: Node): string => {
    if (node.$ref) return refName(node);
    if (isEnum(node)) {
      enumTypes.add(node["x-type"] as string);
      return node["x-type"] as string;
    }
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
  const body = defs
    .map((def) => {
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
      return `${doc(def.description)}export interface ${def.$id} {\n${props}}\n`;
    })
    .join("\n");
  const imports =
    enumTypes.size > 0 ? `import type { ${[...enumTypes].sort().join(", ")} } from "${enumModule}";\n\n` : "";
  return `${header}${imports}${body}`;
}
