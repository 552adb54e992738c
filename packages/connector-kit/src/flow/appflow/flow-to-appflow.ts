import type {
  CreateConnectorProfileRequest,
  CreateFlowRequest,
  DestinationFlowConfig,
  Operator,
  SourceFlowConfig,
  Task,
  TriggerConfig,
} from "@aws-sdk/client-appflow";
import type { SettingScope } from "../../core/model/enums.js";
import type { FlowDefinition, FlowEndpoint, FlowTask, ValidationAction } from "../flow-definition.js";
import { FLOW_DEFAULTS, lookBackOf } from "../flow-definition.js";
import { rateExpressionOf } from "../schedule-expression.js";
import { AppFlowMappingError, type AppFlowMappingProblem } from "./appflow-mapping-error.js";
import { filterToTasks, taskPropertyProblem } from "./filter-tasks.js";

/** Which side of a flow. */
export type FlowSide = "source" | "destination";

/** Options of {@link flowToAppFlow}: what the flow file does not say about AWS. */
export interface AppFlowMappingOptions {
  /**
   * Each side's connector label in AppFlow (as `connector deploy --connector-label` registered it). Default:
   * for a `lambda:<function-arn>` side, the function's name (registered from the ARN when missing); else
   * required.
   */
  connectorLabels?: Partial<Record<FlowSide, string>>;
  /**
   * Each side's connector profile. Default: `<flow name>-source` / `<flow name>-destination`, created or
   * updated from the flow's settings and credentials. With `existingProfiles`, a profile made elsewhere
   * (the AppFlow console, for OAuth2) is used as it is.
   */
  profileNames?: Partial<Record<FlowSide, string>>;
  /** Sides whose profile exists already and is not created or updated. Default: none. */
  existingProfiles?: readonly FlowSide[];
  /**
   * Secrets Manager ARNs replacing a side's `env:`/`file:` credentials reference (AppFlow reads credentials
   * from Secrets Manager only). Default: none, and such a reference is refused.
   */
  secretArns?: Partial<Record<FlowSide, string>>;
  /** S3 bucket of a JSON-lines destination (which maps to S3 writing JSON). Default: none (then refused). */
  bucket?: string;
  /** Key prefix in that bucket. Default: the destination's entity. */
  bucketPrefix?: string;
  /** When a scheduled flow starts, over the trigger's `start`. Default: the trigger's `start`, else when it is activated. */
  scheduleStartTime?: Date;
  /** The clock, for an incremental flow's first-run window (`firstExecutionFrom`). Default: `Date.now()`. */
  now?: number;
  /**
   * The scope of each runtime setting a side's connector declares (its DescribeConnectorConfiguration, see
   * {@link readSettingScopes}). A `CONNECTOR_PROFILE` setting goes into the profile's `profileProperties`; a
   * `SOURCE`, `DESTINATION` or `SOURCE_AND_DESTINATION` one into the flow's `customProperties` of that side;
   * a key the connector does not declare, or one of the other side's scope, is a problem. Default: none
   * known, and every setting of the side goes into `profileProperties`.
   */
  settingScopes?: Partial<Record<FlowSide, Readonly<Record<string, SettingScope>>>>;
}

/** A connector registration the flow needs. */
export interface AppFlowConnectorRef {
  side: FlowSide;
  label: string;
  /** The function to register when the label is missing (a `lambda:` side), else null: it must exist. */
  lambdaArn: string | null;
}

/** A connector profile the flow needs. */
export interface AppFlowProfilePlan {
  side: FlowSide;
  name: string;
  connectorLabel: string;
  /** False: the profile exists and is used as it is. */
  managed: boolean;
  /** The secret holding the credentials, read when the profile is written. Null: no credentials. */
  secretArn: string | null;
  /** AppFlow's authentication type of the credentials (`BASIC`, `APIKEY`, `CUSTOM`), or null. */
  authenticationType: "BASIC" | "APIKEY" | "CUSTOM" | null;
  /** CreateConnectorProfile's request without the credentials (added from the secret at deploy time). */
  request: CreateConnectorProfileRequest;
}

/** Everything a deployment makes, before any call. */
export interface AppFlowPlan {
  flowName: string;
  connectors: AppFlowConnectorRef[];
  profiles: AppFlowProfilePlan[];
  /** CreateFlow's request (UpdateFlow takes the same, less `tags` and `kmsArn`). */
  flow: CreateFlowRequest;
  /** What differs from a local run without changing what is moved (page sizes, error file, look-back). */
  notes: string[];
}

const JSONL = "connector-kit/connectors/jsonl";
const FLOW_NAME = /^[a-zA-Z0-9][\w!@#.-]+$/;
const PROFILE_NAME = /^[\w/!@#+=.-]+$/;
const CONNECTOR_LABEL = /^[a-zA-Z0-9][\w!@#.-]+$/;
const PROPERTY_KEY = /^\w{1,128}$/;
const FLOW_DESCRIPTION = /^[\w!@#\-.?,\s]*$/;
const AUTH_TYPES = { BasicAuth: "BASIC", ApiKey: "APIKEY", CustomAuth: "CUSTOM" } as const;

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` → the name, else null. */
export function lambdaFunctionName(arn: string): string | null {
  const match = /^arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(:[\w$-]+)?$/.exec(
    arn,
  );
  return match ? match[1]! : null;
}

/** What a side's `connector` names. */
function connectorKind(connector: FlowEndpoint["connector"]): "lambda" | "jsonl" | "local" {
  if (typeof connector !== "string") return "local";
  if (connector.startsWith("lambda:")) return "lambda";
  return connector === JSONL ? "jsonl" : "local";
}

const op = (operator: string) => ({ CustomConnector: operator as Operator });

/** Where a field of the record being built comes from: a source field, or the task that computes it. */
type Origin = { source: string } | { task: Task; index: number };

/**
 * Maps the flow's tasks onto AppFlow Task objects. Locally tasks run in order on the record as it changes;
 * AppFlow's tasks name source fields. So each field is followed back to the source field it comes from
 * (through Map renames), and Map tasks for every field the destination receives are made at the end.
 */
function mapTasks(flow: FlowDefinition, problem: (path: string, message: string) => void): Task[] {
  const known = flow.source.fields;
  const fields = new Map<string, Origin>((known ?? []).map((f) => [f, { source: f }]));
  /** Source fields not passed on as they are (with Map_all when the fields are not listed). */
  const excluded = new Set<string>();
  const tasks: Task[] = [];
  if (known)
    tasks.push({ taskType: "Filter", connectorOperator: op("PROJECTION"), sourceFields: [...known] });

  const originOf = (name: string): Origin | null => {
    const found = fields.get(name);
    if (found) return found;
    if (known === null && !excluded.has(name)) return { source: name }; // every field is selected
    return null;
  };
  /** The source field behind `name`, or null (with a problem) when there is none. */
  const sourceField = (name: string, path: string): string | null => {
    const origin = originOf(name);
    if (origin === null) {
      problem(
        path,
        `${name} is not a field of the record at this task (selected: ${(known ?? []).join(", ")})`,
      );
      return null;
    }
    if ("task" in origin) {
      problem(path, `${name} is computed by tasks[${origin.index}]; AppFlow's tasks read source fields only`);
      return null;
    }
    return origin.source;
  };
  /** A task that changes a field's value must not reach other copies of its source field. */
  const changesValue = (name: string, path: string): string | null => {
    const source = sourceField(name, path);
    if (source === null) return null;
    const copies = [...fields.entries()].filter(([, o]) => "source" in o && o.source === source);
    if (copies.length > 1) {
      problem(
        path,
        `${source} is copied to ${copies.map(([n]) => n).join(" and ")}; AppFlow changes the source field, so every copy would change`,
      );
    }
    return source;
  };
  const produce = (name: string, origin: Origin) => {
    if (known === null && !fields.has(name)) excluded.add(name); // a source field of that name is replaced
    fields.set(name, origin);
  };
  /** The tasks index that computed each intermediate field (see `compute`). */
  const computed = new Map<string, number>();
  /**
   * An Arithmetic or Merge task as the AppFlow console writes it (and AWS's cdk-appflow after it): the task's
   * result goes to an intermediate field named after its source fields (`a,b`), and a Map task names it for
   * the destination. That Map is the field's origin, so a later rename changes its destination field.
   */
  const compute = (task: Omit<Task, "destinationField">, destination: string, index: number, at: string) => {
    const intermediate = task.sourceFields!.join(",");
    const earlier = computed.get(intermediate);
    if (earlier !== undefined) {
      problem(
        `${at}.fields`,
        `tasks[${earlier}] computes from the same fields, and AppFlow names both results ${JSON.stringify(intermediate)}`,
      );
      return;
    }
    computed.set(intermediate, index);
    const map: Task = {
      taskType: "Map",
      connectorOperator: op("NO_OP"),
      sourceFields: [intermediate],
      destinationField: destination,
      taskProperties: {},
    };
    tasks.push({ ...task, destinationField: intermediate }, map);
    produce(destination, { task: map, index });
  };

  flow.tasks.forEach((task: FlowTask, index) => {
    const at = `tasks[${index}]`;
    switch (task.type) {
      case "Map": {
        const origin = originOf(task.source);
        if (origin === null) {
          problem(`${at}.source`, `${task.source} is not a field of the record at this task`);
          return;
        }
        if ("task" in origin) {
          if (task.keepSource) {
            problem(`${at}.keepSource`, `${task.source} is computed; AppFlow cannot copy a computed field`);
            return;
          }
          origin.task.destinationField = task.destination;
        }
        if (!task.keepSource && task.source !== task.destination) {
          fields.delete(task.source);
          excluded.add(task.source);
        } else if ("source" in origin) fields.set(task.source, origin); // both copies are on the record
        produce(task.destination, origin);
        return;
      }
      case "Filter": {
        const mapped = filterToTasks(task.expression, (name) => {
          const origin = originOf(name);
          return origin && "source" in origin ? origin.source : null;
        });
        if (mapped.ok) tasks.push(...mapped.tasks);
        else problem(`${at}.expression`, mapped.message);
        return;
      }
      case "Mask": {
        const source = changesValue(task.field, `${at}.field`);
        if (source === null) return;
        const why = taskPropertyProblem(task.maskValue);
        if (why) {
          problem(`${at}.maskValue`, why);
          return;
        }
        tasks.push({
          taskType: "Mask",
          connectorOperator: op(task.operator),
          sourceFields: [source],
          taskProperties: {
            MASK_VALUE: task.maskValue,
            ...(task.operator === "MASK_ALL" ? {} : { MASK_LENGTH: String(task.n) }),
          },
        });
        return;
      }
      case "Truncate": {
        const source = changesValue(task.field, `${at}.field`);
        if (source === null) return;
        if (task.length === 0) {
          problem(`${at}.length`, "AppFlow truncates to at least 1 character");
          return;
        }
        tasks.push({
          taskType: "Truncate",
          connectorOperator: op("NO_OP"),
          sourceFields: [source],
          taskProperties: { TRUNCATE_LENGTH: String(task.length) },
        });
        return;
      }
      case "Validate": {
        const source = sourceField(task.field, `${at}.field`);
        if (source === null) return;
        tasks.push({
          taskType: "Validate",
          connectorOperator: op(task.operator),
          sourceFields: [source],
          taskProperties: { VALIDATION_ACTION: VALIDATION_ACTIONS[task.action] },
        });
        return;
      }
      case "Arithmetic": {
        const a = sourceField(task.fields[0], `${at}.fields[0]`);
        const b = sourceField(task.fields[1], `${at}.fields[1]`);
        if (a === null || b === null) return;
        const arithmetic: Omit<Task, "destinationField"> = {
          taskType: "Arithmetic",
          connectorOperator: op(task.operator),
          sourceFields: [a, b],
          taskProperties: { MATH_OPERATION_FIELDS_ORDER: `${a},${b}` },
        };
        compute(arithmetic, task.destination, index, at);
        return;
      }
      case "Merge": {
        const sources = task.fields.map((f, i) => sourceField(f, `${at}.fields[${i}]`));
        if (sources.some((s) => s === null)) return;
        if (task.separator.includes("${")) {
          problem(`${at}.separator`, 'AppFlow\'s CONCAT_FORMAT reads "${" as a field reference');
          return;
        }
        const format = (sources as string[]).map((s) => `\${${s}}`).join(task.separator);
        const why = taskPropertyProblem(format);
        if (why) {
          problem(`${at}.separator`, `CONCAT_FORMAT ${why}`);
          return;
        }
        const merge: Omit<Task, "destinationField"> = {
          taskType: "Merge",
          connectorOperator: op("NO_OP"),
          sourceFields: sources as string[],
          taskProperties: { CONCAT_FORMAT: format },
        };
        compute(merge, task.destination, index, at);
        return;
      }
      case "Drop":
        for (const name of task.fields) {
          const origin = fields.get(name);
          if (origin && "task" in origin) {
            problem(`${at}.fields`, `${name} is computed by tasks[${origin.index}]; drop the task instead`);
          }
          fields.delete(name);
          if (known === null) excluded.add(name);
        }
        return;
    }
  });

  // What the destination receives: every field still on the record.
  if (known === null) {
    const list = JSON.stringify([...excluded]);
    const why = taskPropertyProblem(list);
    if (why) problem("tasks", `the fields left out of every field (EXCLUDE_SOURCE_FIELDS_LIST) ${why}`);
    tasks.push({
      taskType: "Map_all",
      connectorOperator: op("NO_OP"),
      sourceFields: [],
      taskProperties: { EXCLUDE_SOURCE_FIELDS_LIST: list },
    });
  }
  for (const [name, origin] of fields) {
    if (!("source" in origin)) continue;
    if (known === null && name === origin.source) continue; // Map_all passes it on
    tasks.push({
      taskType: "Map",
      connectorOperator: op("NO_OP"),
      sourceFields: [origin.source],
      destinationField: name,
      taskProperties: {},
    });
  }
  return tasks;
}

/**
 * AppFlow's `VALIDATION_ACTION` for each flow-file action. Stopping the run is `DropDataset` on AppFlow, as
 * AWS's cdk-appflow writes it for its `terminateFlow()`; `TerminateFlow` is only the flow file's name for it.
 */
const VALIDATION_ACTIONS: Readonly<Record<ValidationAction, string>> = {
  DropRecord: "DropRecord",
  TerminateFlow: "DropDataset",
};

function triggerOf(
  flow: FlowDefinition,
  options: AppFlowMappingOptions,
  problem: (path: string, message: string) => void,
): TriggerConfig {
  const trigger = flow.trigger;
  if (trigger.type === "onDemand") return { triggerType: "OnDemand" };
  // A rate (from `every` or a `rate(…)` schedule) is rewritten in AppFlow's form; a cron is kept as written.
  const expression =
    trigger.everyMs === null ? (trigger.schedule ?? null) : rateExpressionOf(trigger.everyMs, "appflow");
  if (expression === null) {
    if (trigger.type === "incremental" && trigger.everyMs === null) {
      problem(
        "trigger",
        "an incremental flow runs on a schedule on AppFlow: give it every, schedule or cron",
      );
    } else problem("trigger.every", "AppFlow schedules in whole minutes, hours or days (e.g. 15m)");
    return { triggerType: "OnDemand" };
  }
  if (/^rate\(/.test(expression) && (trigger.everyMs ?? 0) < 60_000) {
    problem("trigger.every", "AppFlow runs a flow at most once a minute");
  }
  // The flow file's start and end; --schedule-start (options.scheduleStartTime) overrides the start.
  const startsAt =
    options.scheduleStartTime ?? (trigger.startsAt === undefined ? undefined : new Date(trigger.startsAt));
  const start = {
    ...(startsAt ? { scheduleStartTime: startsAt } : {}),
    ...(trigger.endsAt === undefined ? {} : { scheduleEndTime: new Date(trigger.endsAt) }),
  };
  if (trigger.type === "scheduled") {
    return {
      triggerType: "Scheduled",
      triggerProperties: {
        Scheduled: { scheduleExpression: expression, dataPullMode: "Complete", ...start },
      },
    };
  }
  const now = options.now ?? Date.now();
  return {
    triggerType: "Scheduled",
    triggerProperties: {
      Scheduled: {
        scheduleExpression: expression,
        dataPullMode: "Incremental",
        firstExecutionFrom: new Date(now - trigger.firstRunWindowMs),
        ...start,
      },
    },
  };
}

/**
 * Maps a flow file onto AppFlow: the connector registrations it needs, a connector profile per custom
 * connector side (profile-scoped settings as `profileProperties`, credentials from a Secrets Manager secret;
 * source- and destination-scoped settings as the flow's `customProperties`, see `settingScopes`), and
 * CreateFlow's request (source, destination, tasks, trigger). A JSON-lines destination becomes an S3
 * destination writing JSON. Throws an {@link AppFlowMappingError} listing every key that cannot be mapped,
 * and why; makes no call.
 */
export function flowToAppFlow(flow: FlowDefinition, options: AppFlowMappingOptions = {}): AppFlowPlan {
  const problems: AppFlowMappingProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const notes: string[] = [];
  if (!FLOW_NAME.test(flow.name)) {
    problem(
      "name",
      "AppFlow flow names start with a letter or digit, have at least 2 characters, and use letters, digits and _!@#.- only",
    );
  }
  if (flow.description !== null && !FLOW_DESCRIPTION.test(flow.description)) {
    problem("description", "AppFlow descriptions hold letters, digits, spaces and _!@#-.?, only");
  }
  const connectors: AppFlowConnectorRef[] = [];
  const profiles: AppFlowProfilePlan[] = [];
  /** A custom connector side's `entityName` (AppFlow's EntityName: no white space, at most 1024 characters). */
  const checkEntity = (side: FlowSide) => {
    const entity = flow[side].entity;
    if (!/^\S+$/.test(entity) || entity.length > 1024) {
      problem(`${side}.entity`, "AppFlow entity names have no white space and at most 1024 characters");
    }
  };

  /** The label of a custom connector side (and its registration), or null with a problem. */
  const labelOf = (side: FlowSide, endpoint: FlowEndpoint): string | null => {
    const label = registeredLabelOf(side, endpoint);
    if (label !== null && (!CONNECTOR_LABEL.test(label) || label.length > 256)) {
      // A function name may start with - or _, or be one character: AppFlow's labels may not.
      problem(
        `${side}.connector`,
        `${label} is not a valid AppFlow connector label (a letter or digit, then at least one of letters, digits and _!@#.-); give one with --${side}-connector-label`,
      );
    }
    return label;
  };
  /** The label a side names or is given (recording its registration), before its pattern is checked. */
  const registeredLabelOf = (side: FlowSide, endpoint: FlowEndpoint): string | null => {
    const given = options.connectorLabels?.[side];
    const connector = endpoint.connector;
    if (typeof connector === "string" && connector.startsWith("lambda:")) {
      const arn = connector.slice("lambda:".length);
      const name = lambdaFunctionName(arn);
      if (name === null) {
        problem(
          `${side}.connector`,
          `${arn} is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`,
        );
        return null;
      }
      connectors.push({ side, label: given ?? name, lambdaArn: arn });
      return given ?? name;
    }
    if (!given) {
      problem(
        `${side}.connector`,
        `AppFlow runs registered connectors: deploy ${typeof connector === "string" ? connector : "it"} with connector deploy and give its label (--${side}-connector-label), or name the function (connector: lambda:<function-arn>)`,
      );
      return null;
    }
    connectors.push({ side, label: given, lambdaArn: null });
    return given;
  };

  /**
   * A side's settings split by scope (see `settingScopes`): the profile's (when it is `managed`, i.e. written
   * here) and the flow's.
   */
  const propertiesOf = (side: FlowSide, endpoint: FlowEndpoint, managed: boolean) => {
    const scopes = options.settingScopes?.[side];
    const profileProperties: Record<string, string> = {};
    const customProperties: Record<string, string> = {};
    for (const [key, value] of Object.entries(endpoint.settings)) {
      const at = `${side}.settings.${key}`;
      const scope =
        scopes === undefined ? "CONNECTOR_PROFILE" : Object.hasOwn(scopes, key) ? scopes[key] : undefined;
      if (scope === undefined) {
        problem(at, "is not a setting of the connector (its configuration declares no such key)");
        continue;
      }
      const onProfile = scope === "CONNECTOR_PROFILE";
      if (!onProfile && scope !== "SOURCE_AND_DESTINATION" && scope !== side.toUpperCase()) {
        problem(at, `is a ${scope.toLowerCase()} setting of the connector, and this side is the ${side}`);
        continue;
      }
      if (onProfile && !managed) continue; // the existing profile keeps its own
      const what = onProfile ? "profile property" : "custom property";
      if (!PROPERTY_KEY.test(key)) {
        problem(at, `AppFlow ${what} keys are 1 to 128 letters, digits and _`);
      } else if (!/^\S+$/.test(value) || value.length > 2048) {
        problem(at, `AppFlow ${what} values are 1 to 2048 characters without white space`);
      } else (onProfile ? profileProperties : customProperties)[key] = value;
    }
    for (const [map, what] of [
      [profileProperties, "profile properties"],
      [customProperties, "custom properties"],
    ] as const) {
      if (Object.keys(map).length > 50) problem(`${side}.settings`, `AppFlow takes at most 50 ${what}`);
    }
    return { profileProperties, customProperties };
  };

  /**
   * The side's connector profile (created from its settings and credentials unless it exists), and the side's
   * flow-scoped settings (its `customProperties`).
   */
  const profileOf = (
    side: FlowSide,
    endpoint: FlowEndpoint,
    label: string,
  ): { name: string; customProperties: Record<string, string> } => {
    const name = options.profileNames?.[side] ?? `${flow.name}-${side}`;
    if (!PROFILE_NAME.test(name) || name.length > 256) {
      problem(`${side}`, `${name} is not a valid connector profile name (letters, digits and _/!@#+=.-)`);
    }
    const managed = !options.existingProfiles?.includes(side);
    const { profileProperties, customProperties } = propertiesOf(side, endpoint, managed);
    let secretArn: string | null = null;
    let authenticationType: AppFlowProfilePlan["authenticationType"] = null;
    const credentials = endpoint.credentials;
    if (credentials && managed) {
      const at = `${side}.credentials`;
      const mapped = options.secretArns?.[side];
      if (mapped !== undefined) {
        if (!/^arn:aws[\w-]*:secretsmanager:/.test(mapped)) {
          problem(
            `${at}.secret`,
            `${mapped} (from --${side}-secret-arn) is not a Secrets Manager secret ARN`,
          );
        } else secretArn = mapped;
      } else if (credentials.secret.startsWith("arn:")) {
        if (!/^arn:aws[\w-]*:secretsmanager:/.test(credentials.secret)) {
          problem(`${at}.secret`, "is an ARN, but not of a Secrets Manager secret");
        } else secretArn = credentials.secret;
      } else {
        const kind = credentials.secret.split(":")[0];
        problem(
          `${at}.secret`,
          `${kind}: references are local; AppFlow takes the credentials from a Secrets Manager secret: write its ARN here or give it with --${side}-secret-arn`,
        );
      }
      const type = credentials.authenticationType;
      if (type === null) {
        problem(`${at}.authenticationType`, "is needed to deploy (BasicAuth, ApiKey or CustomAuth)");
      } else if (type === "OAuth2") {
        problem(
          `${at}.authenticationType`,
          `OAuth2 profiles need AppFlow's OAuth flow: create the profile in the AppFlow console and give its name with --${side}-profile`,
        );
      } else if (!(type in AUTH_TYPES)) {
        problem(`${at}.authenticationType`, `${type} is not BasicAuth, ApiKey or CustomAuth`);
      } else authenticationType = AUTH_TYPES[type as keyof typeof AUTH_TYPES];
    }
    profiles.push({
      side,
      name,
      connectorLabel: label,
      managed,
      secretArn,
      authenticationType,
      request: {
        connectorProfileName: name,
        connectorType: "CustomConnector",
        connectorLabel: label,
        connectionMode: "Public",
        connectorProfileConfig: {
          connectorProfileProperties: { CustomConnector: { profileProperties } },
        },
      },
    });
    return { name, customProperties };
  };

  // Source
  const source = flow.source;
  let sourceConfig: SourceFlowConfig = {
    connectorType: "CustomConnector",
    sourceConnectorProperties: { CustomConnector: { entityName: source.entity } },
  };
  const sourceKind = connectorKind(source.connector);
  if (sourceKind === "jsonl") {
    problem("source.connector", "the JSON-lines connector reads local files, which AppFlow cannot reach");
  } else {
    const label = labelOf("source", source);
    if (label !== null) {
      const profile = profileOf("source", source, label);
      const custom = profile.customProperties;
      sourceConfig = {
        connectorType: "CustomConnector",
        ...(source.apiVersion ? { apiVersion: source.apiVersion } : {}),
        connectorProfileName: profile.name,
        sourceConnectorProperties: {
          CustomConnector: {
            entityName: source.entity,
            ...(Object.keys(custom).length > 0 ? { customProperties: custom } : {}),
          },
        },
      };
    }
  }
  checkEntity("source");
  if (flow.trigger.type === "incremental") {
    sourceConfig.incrementalPullConfig = { datetimeTypeFieldName: flow.trigger.field };
    if (flow.trigger.lookBackMs !== undefined && flow.trigger.lookBackMs > 0) {
      problem(
        "trigger.lookBack",
        "AppFlow's incremental pulls have no look-back; remove it (or set 0) to deploy",
      );
    } else if (lookBackOf(flow) > 0) {
      notes.push(
        "AppFlow's incremental pulls have no look-back: a row committed after a run read its window is not read again",
      );
    }
  }

  // Tasks (and the source filter, which AppFlow expresses as Filter tasks)
  const tasks: Task[] = [];
  const body = mapTasks(flow, problem);
  if (source.filter !== null) {
    const mapped = filterToTasks(source.filter);
    if (mapped.ok) tasks.push(...mapped.tasks);
    else problem("source.filter", mapped.message);
  }
  // The projection comes first, as AppFlow's console writes it.
  const projection = body.findIndex((t) => t.connectorOperator?.CustomConnector === "PROJECTION");
  if (projection >= 0) tasks.unshift(...body.splice(projection, 1));
  tasks.push(...body);

  // Destination
  const destination = flow.destination;
  let destinationConfig: DestinationFlowConfig;
  if (connectorKind(destination.connector) === "jsonl") {
    if (!options.bucket) {
      problem(
        "destination.connector",
        "the JSON-lines destination maps to S3 writing JSON: give the bucket (--bucket)",
      );
    } else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      problem("destination.connector", `${options.bucket} (--bucket) is not an S3 bucket name`);
    }
    if (destination.operation !== "INSERT") {
      problem(
        "destination.operation",
        `${destination.operation} cannot be mapped: an S3 destination adds files; use INSERT to deploy`,
      );
    }
    if (destination.allOrNone)
      problem("destination.allOrNone", "an S3 destination has no all-or-none writes");
    destinationConfig = {
      connectorType: "S3",
      destinationConnectorProperties: {
        S3: {
          bucketName: options.bucket ?? "",
          bucketPrefix: options.bucketPrefix ?? destination.entity,
          s3OutputFormatConfig: { fileType: "JSON", aggregationConfig: { aggregationType: "None" } },
        },
      },
    };
    if (flow.errors.failOnError)
      notes.push("errors.failOnError has no S3 equivalent: AppFlow goes on after a failed record");
  } else {
    const label = labelOf("destination", destination);
    if (destination.allOrNone) {
      problem(
        "destination.allOrNone",
        "AppFlow decides how it batches writes; all-or-none cannot be set on a flow",
      );
    }
    checkEntity("destination");
    destination.idFieldNames.forEach((name, i) => {
      if (!/^\S+$/.test(name) || name.length > 128) {
        problem(
          `destination.idFieldNames[${i}]`,
          "AppFlow id field names have no white space and at most 128 characters",
        );
      }
    });
    const profile = label !== null ? profileOf("destination", destination, label) : null;
    const custom = profile?.customProperties ?? {};
    destinationConfig = {
      connectorType: "CustomConnector",
      ...(destination.apiVersion ? { apiVersion: destination.apiVersion } : {}),
      ...(profile !== null ? { connectorProfileName: profile.name } : {}),
      destinationConnectorProperties: {
        CustomConnector: {
          entityName: destination.entity,
          ...(Object.keys(custom).length > 0 ? { customProperties: custom } : {}),
          writeOperationType: destination.operation,
          ...(destination.idFieldNames.length > 0 ? { idFieldNames: destination.idFieldNames } : {}),
          errorHandlingConfig: { failOnFirstDestinationError: flow.errors.failOnError },
        },
      },
    };
  }
  if (source.pageSize !== FLOW_DEFAULTS.pageSize)
    notes.push("source.pageSize: AppFlow chooses its page sizes");
  if (destination.batchSize !== FLOW_DEFAULTS.batchSize)
    notes.push("destination.batchSize: AppFlow chooses its batch sizes");
  if ((destination.writesInFlight ?? 1) !== FLOW_DEFAULTS.writesInFlight)
    notes.push("destination.writesInFlight: AppFlow chooses how many writes run at once");
  if (flow.errors.file !== null)
    notes.push("errors.file: AppFlow reports failed records in its execution records");

  const trigger = triggerOf(flow, options, problem);
  if (problems.length > 0) throw new AppFlowMappingError(flow.name, problems);
  return {
    flowName: flow.name,
    connectors,
    profiles,
    flow: {
      flowName: flow.name,
      ...(flow.description ? { description: flow.description } : {}),
      triggerConfig: trigger,
      sourceFlowConfig: sourceConfig,
      destinationFlowConfigList: [destinationConfig],
      tasks,
    },
    notes,
  };
}
