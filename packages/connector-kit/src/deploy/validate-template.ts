import { createRequire } from "node:module";

/** One property of a resource or property type in the CloudFormation resource specification. */
export interface CfnPropertySpec {
  Required?: boolean;
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
  /** Properties that accept one of several types. */
  PrimitiveTypes?: string[];
  Types?: string[];
  PrimitiveItemTypes?: string[];
  ItemTypes?: string[];
  InclusivePrimitiveItemTypes?: string[];
  InclusiveItemTypes?: string[];
}

/** A resource type or a property type of the specification. */
export interface CfnTypeSpec {
  Properties?: Record<string, CfnPropertySpec>;
  Attributes?: Record<string, unknown>;
  /** Property types that are a single primitive or list rather than an object. */
  PrimitiveType?: string;
  Type?: string;
  ItemType?: string;
  PrimitiveItemType?: string;
}

/** The parts of the CloudFormation resource specification the validator reads. */
export interface CfnSpecification {
  ResourceSpecificationVersion: string;
  ResourceTypes: Record<string, CfnTypeSpec>;
  PropertyTypes: Record<string, CfnTypeSpec>;
}

/** One problem found in a template; `path` is dotted, e.g. `Resources.Fn.Properties.Timeout`. */
export interface TemplateProblem {
  path: string;
  message: string;
}

/** The result of {@link validateTemplate}. */
export interface TemplateValidation {
  valid: boolean;
  problems: TemplateProblem[];
  /** Version of the resource specification checked against. */
  specificationVersion: string;
}

/** Options of {@link validateTemplate}. */
export interface ValidateTemplateOptions {
  /**
   * Accept a local path (a string) where `aws cloudformation package` uploads and replaces it
   * (`AWS::Lambda::Function` `Code`). Default: false.
   */
  packageablePaths?: boolean;
}

const SECTIONS = new Set([
  "AWSTemplateFormatVersion",
  "Description",
  "Metadata",
  "Parameters",
  "Rules",
  "Mappings",
  "Conditions",
  "Transform",
  "Resources",
  "Outputs",
]);

const RESOURCE_KEYS = new Set([
  "Type",
  "Properties",
  "DependsOn",
  "Condition",
  "Metadata",
  "DeletionPolicy",
  "UpdateReplacePolicy",
  "CreationPolicy",
  "UpdatePolicy",
]);

const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

const INTRINSICS = new Set([
  "Ref",
  "Condition",
  "Fn::Base64",
  "Fn::Cidr",
  "Fn::FindInMap",
  "Fn::GetAtt",
  "Fn::GetAZs",
  "Fn::If",
  "Fn::ImportValue",
  "Fn::Join",
  "Fn::Select",
  "Fn::Split",
  "Fn::Sub",
  "Fn::Transform",
  "Fn::Length",
  "Fn::ToJsonString",
  "Fn::And",
  "Fn::Equals",
  "Fn::Not",
  "Fn::Or",
]);

const PACKAGEABLE: Record<string, readonly string[]> = { "AWS::Lambda::Function": ["Code"] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The function name when `value` is an intrinsic function call (`{ "Ref": ... }`, `{ "Fn::Sub": ... }`). */
function intrinsicName(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSICS.has(keys[0]!) ? keys[0] : undefined;
}

function isCustomType(type: string): boolean {
  return type.startsWith("Custom::") || type === "AWS::CloudFormation::CustomResource";
}

class TemplateChecker {
  readonly problems: TemplateProblem[] = [];
  readonly #parameters: Set<string>;
  readonly #resources: Record<string, unknown>;

  constructor(
    readonly spec: CfnSpecification,
    readonly template: Record<string, unknown>,
    readonly options: ValidateTemplateOptions,
  ) {
    this.#parameters = new Set(isObject(template["Parameters"]) ? Object.keys(template["Parameters"]) : []);
    this.#resources = isObject(template["Resources"]) ? template["Resources"] : {};
  }

  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  run(): void {
    const t = this.template;
    for (const key of Object.keys(t)) if (!SECTIONS.has(key)) this.problem(key, "unknown template section");
    if (t["AWSTemplateFormatVersion"] !== undefined && t["AWSTemplateFormatVersion"] !== "2010-09-09") {
      this.problem("AWSTemplateFormatVersion", 'must be "2010-09-09"');
    }
    if (t["Transform"] !== undefined) {
      this.problem("Transform", "transforms (e.g. SAM) are not checked; use a plain CloudFormation template");
    }
    if (t["Parameters"] !== undefined) this.#checkParameters(t["Parameters"]);
    if (!isObject(t["Resources"]) || Object.keys(t["Resources"]).length === 0) {
      this.problem("Resources", "a template needs at least one resource");
    } else {
      for (const [id, resource] of Object.entries(t["Resources"])) this.#checkResource(id, resource);
    }
    if (t["Outputs"] !== undefined) {
      if (!isObject(t["Outputs"])) this.problem("Outputs", "must be an object");
      else
        for (const [id, output] of Object.entries(t["Outputs"])) {
          const path = `Outputs.${id}`;
          if (!isObject(output) || output["Value"] === undefined)
            this.problem(path, "an output needs a Value");
          else this.#checkReferences(output["Value"], `${path}.Value`);
        }
    }
  }

  #checkParameters(parameters: unknown): void {
    if (!isObject(parameters)) {
      this.problem("Parameters", "must be an object");
      return;
    }
    for (const [name, parameter] of Object.entries(parameters)) {
      if (!isObject(parameter) || typeof parameter["Type"] !== "string") {
        this.problem(`Parameters.${name}`, "a parameter needs a Type");
      }
    }
  }

  #checkResource(id: string, resource: unknown): void {
    const path = `Resources.${id}`;
    if (!isObject(resource)) {
      this.problem(path, "must be an object");
      return;
    }
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) this.problem(`${path}.${key}`, "unknown resource attribute");
    }
    const type = resource["Type"];
    if (typeof type !== "string") {
      this.problem(`${path}.Type`, "a resource needs a Type");
      return;
    }
    const dependsOn = resource["DependsOn"];
    for (const target of typeof dependsOn === "string"
      ? [dependsOn]
      : Array.isArray(dependsOn)
        ? dependsOn
        : []) {
      if (typeof target !== "string" || !(target in this.#resources)) {
        this.problem(
          `${path}.DependsOn`,
          `depends on ${String(target)}, which is not a resource of the template`,
        );
      }
    }
    if (isCustomType(type)) {
      this.#checkReferences(resource["Properties"], `${path}.Properties`);
      return;
    }
    const spec = this.spec.ResourceTypes[type];
    if (!spec) {
      this.problem(`${path}.Type`, `${type} is not a resource type of the CloudFormation specification`);
      return;
    }
    const properties = resource["Properties"] ?? {};
    if (!isObject(properties)) {
      this.problem(`${path}.Properties`, "must be an object");
      return;
    }
    this.#checkProperties(type, type, spec, properties, `${path}.Properties`);
  }

  #checkProperties(
    resourceType: string,
    typeName: string,
    spec: CfnTypeSpec,
    value: Record<string, unknown>,
    path: string,
  ): void {
    const known = spec.Properties ?? {};
    for (const [name, property] of Object.entries(known)) {
      if (property.Required && value[name] === undefined) {
        this.problem(`${path}.${name}`, `required property of ${typeName} is missing`);
      }
    }
    for (const [name, v] of Object.entries(value)) {
      const property = known[name];
      if (!property) {
        this.problem(`${path}.${name}`, `${typeName} has no property ${name}`);
        continue;
      }
      if (
        this.options.packageablePaths &&
        typeName === resourceType &&
        PACKAGEABLE[resourceType]?.includes(name) &&
        typeof v === "string"
      ) {
        continue;
      }
      this.#checkValue(resourceType, property, v, `${path}.${name}`);
    }
  }

  #checkValue(resourceType: string, spec: CfnPropertySpec | CfnTypeSpec, value: unknown, path: string): void {
    if (intrinsicName(value)) {
      this.#checkReferences(value, path);
      return;
    }
    const s = spec as CfnPropertySpec;
    if (s.Type === "List" || s.Type === "Map") {
      if (s.Type === "List" && !Array.isArray(value)) {
        this.problem(path, "must be a list");
        return;
      }
      if (s.Type === "Map" && !isObject(value)) {
        this.problem(path, "must be a map (an object)");
        return;
      }
      const entries = Array.isArray(value)
        ? value.map((v, i) => [String(i), v] as const)
        : Object.entries(value as Record<string, unknown>);
      const item: CfnPropertySpec = {
        ...(s.PrimitiveItemType ? { PrimitiveType: s.PrimitiveItemType } : {}),
        ...(s.ItemType ? { Type: s.ItemType } : {}),
        ...(s.PrimitiveItemTypes ? { PrimitiveTypes: s.PrimitiveItemTypes } : {}),
        ...(s.ItemTypes ? { Types: s.ItemTypes } : {}),
      };
      for (const [key, v] of entries) this.#checkValue(resourceType, item, v, `${path}.${key}`);
      return;
    }
    const alternatives: (() => string | undefined)[] = [];
    for (const primitive of [...(s.PrimitiveType ? [s.PrimitiveType] : []), ...(s.PrimitiveTypes ?? [])]) {
      alternatives.push(() => this.#primitiveProblem(primitive, value, path));
    }
    for (const typeName of [...(s.Type ? [s.Type] : []), ...(s.Types ?? [])]) {
      alternatives.push(() => this.#structureProblem(resourceType, typeName, value, path));
    }
    if (alternatives.length === 0) return;
    const failures: string[] = [];
    for (const attempt of alternatives) {
      const before = this.problems.length;
      const failure = attempt();
      if (failure === undefined && this.problems.length === before) return;
      if (failure !== undefined) failures.push(failure);
      if (alternatives.length === 1) {
        if (failure !== undefined) this.problem(path, failure);
        return;
      }
      this.problems.length = before;
    }
    this.problem(path, failures.join(", or "));
  }

  /** Checks a property-type value; returns a message when it is not even an object. */
  #structureProblem(
    resourceType: string,
    typeName: string,
    value: unknown,
    path: string,
  ): string | undefined {
    const spec = this.spec.PropertyTypes[`${resourceType}.${typeName}`] ?? this.spec.PropertyTypes[typeName];
    if (!spec) return `unknown property type ${typeName}`;
    if (!spec.Properties) {
      this.#checkValue(resourceType, spec, value, path);
      return undefined;
    }
    if (!isObject(value)) return `must be an object (${typeName})`;
    this.#checkProperties(resourceType, typeName, spec, value, path);
    return undefined;
  }

  #primitiveProblem(primitive: string, value: unknown, path: string): string | undefined {
    switch (primitive) {
      case "String":
        return typeof value === "string" ? undefined : "must be a string";
      case "Integer":
      case "Long":
        return (typeof value === "number" && Number.isInteger(value)) ||
          (typeof value === "string" && /^-?\d+$/.test(value))
          ? undefined
          : "must be an integer";
      case "Double":
        return (typeof value === "number" && Number.isFinite(value)) ||
          (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
          ? undefined
          : "must be a number";
      case "Boolean":
        return typeof value === "boolean" || value === "true" || value === "false"
          ? undefined
          : "must be a boolean";
      case "Timestamp":
        return typeof value === "string" && !Number.isNaN(Date.parse(value))
          ? undefined
          : "must be a timestamp";
      case "Json":
        if (!isObject(value) && typeof value !== "string") return "must be a JSON object";
        this.#checkReferences(value, path);
        return undefined;
      default:
        return `unknown primitive type ${primitive}`;
    }
  }

  #checkRef(name: string, path: string): void {
    if (!this.#parameters.has(name) && !(name in this.#resources) && !PSEUDO_PARAMETERS.has(name)) {
      this.problem(path, `refers to ${name}, which is no parameter, resource or pseudo parameter`);
    }
  }

  #checkGetAtt(resource: string, attribute: string, path: string): void {
    const target = this.#resources[resource];
    if (!isObject(target)) {
      this.problem(path, `gets an attribute of ${resource}, which is not a resource`);
      return;
    }
    const type = target["Type"];
    if (typeof type !== "string" || isCustomType(type)) return;
    const attributes = this.spec.ResourceTypes[type]?.Attributes;
    if (attributes && !(attribute in attributes)) this.problem(path, `${type} has no attribute ${attribute}`);
  }

  /** Walks any value and checks the references made by the intrinsic functions inside it. */
  #checkReferences(value: unknown, path: string): void {
    const name = intrinsicName(value);
    if (!name) {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) this.#checkReferences(v, `${path}.${i}`);
      } else if (isObject(value))
        for (const [k, v] of Object.entries(value)) this.#checkReferences(v, `${path}.${k}`);
      return;
    }
    const arg = (value as Record<string, unknown>)[name];
    const at = `${path}.${name}`;
    switch (name) {
      case "Ref":
        if (typeof arg !== "string") {
          this.problem(at, "Ref takes a name");
          return;
        }
        this.#checkRef(arg, at);
        return;
      case "Fn::GetAtt": {
        const parts = typeof arg === "string" ? arg.split(/\.(.*)/s, 2) : arg;
        if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== "string") {
          this.problem(at, "Fn::GetAtt takes [resource, attribute]");
          return;
        }
        if (typeof parts[1] !== "string") {
          this.#checkReferences(parts[1], `${at}.1`);
          return;
        }
        this.#checkGetAtt(parts[0], parts[1], at);
        return;
      }
      case "Fn::Sub": {
        const [text, variables] =
          typeof arg === "string" ? [arg, {}] : Array.isArray(arg) ? arg : [undefined, {}];
        if (typeof text !== "string" || !isObject(variables)) {
          this.problem(at, "Fn::Sub takes a string or [string, variables]");
          return;
        }
        for (const [k, v] of Object.entries(variables)) this.#checkReferences(v, `${at}.1.${k}`);
        for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
          const variable = match[1]!.trim();
          if (variable in variables) continue;
          const dot = variable.indexOf(".");
          if (dot > 0 && !PSEUDO_PARAMETERS.has(variable)) {
            this.#checkGetAtt(variable.slice(0, dot), variable.slice(dot + 1), at);
          } else this.#checkRef(variable, at);
        }
        return;
      }
      case "Fn::Join":
        if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== "string") {
          this.problem(at, "Fn::Join takes [delimiter, list]");
          return;
        }
        this.#checkReferences(arg[1], `${at}.1`);
        return;
      default:
        this.#checkReferences(arg, at);
        return;
    }
  }
}

/**
 * Checks a CloudFormation template against the CloudFormation resource specification: known sections,
 * resource types that exist, required properties present, no unknown properties, primitive types and
 * list/map shapes that match, property types checked recursively, and intrinsic functions (`Ref`,
 * `Fn::Sub`, `Fn::GetAtt`, `Fn::Join`, ...) accepted where a value is, with their references checked.
 * Problems name the resource and the property path.
 */
export function validateTemplate(
  template: unknown,
  spec: CfnSpecification,
  options: ValidateTemplateOptions = {},
): TemplateValidation {
  const version = spec.ResourceSpecificationVersion;
  if (!isObject(template)) {
    return {
      valid: false,
      problems: [{ path: "", message: "a template is a JSON object" }],
      specificationVersion: version,
    };
  }
  const checker = new TemplateChecker(spec, template, options);
  checker.run();
  return { valid: checker.problems.length === 0, problems: checker.problems, specificationVersion: version };
}

let cached: CfnSpecification | undefined;

/**
 * The CloudFormation resource specification of `@aws-cdk/cfnspec` (a development dependency), read once.
 * Throws when that package is not installed.
 */
export function loadCfnSpecification(): CfnSpecification {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = require("@aws-cdk/cfnspec/spec/specification.json") as CfnSpecification;
  }
  return cached;
}

/** Like {@link loadCfnSpecification}, but `undefined` when `@aws-cdk/cfnspec` is not installed. */
export function tryLoadCfnSpecification(): CfnSpecification | undefined {
  try {
    return loadCfnSpecification();
  } catch (error) {
    if ((error as { code?: string }).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}
