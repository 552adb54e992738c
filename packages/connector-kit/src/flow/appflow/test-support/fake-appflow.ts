import { awsError } from "../../../deploy/test-support/fake-lambda-appflow.js";
import type {
  EndpointReply,
  EndpointRoute,
  RecordedRequest,
} from "../../../deploy/test-support/recording-endpoint.js";
import { operationOf, shapeProblems } from "./appflow-model.js";

const ACCOUNT = "123456789012";
const ARN = `arn:aws:appflow:us-east-1:${ACCOUNT}`;

/** What the fake AppFlow holds, and the faults it is told to answer with. */
export interface FakeAppFlowState {
  /** Registered connector labels. */
  connectors: Set<string>;
  /** Connector profiles by name: the last request that wrote them. */
  profiles: Map<string, Record<string, unknown>>;
  /** Flows by name: the last CreateFlow/UpdateFlow request. */
  flows: Map<string, Record<string, unknown>>;
  /** Execution records by flow, newest first. */
  executions: Map<string, Record<string, unknown>[]>;
  /** Every request's shape problems, `Operation path: why` (the fake also answers them with a 400). */
  shapeProblems: string[];
  /** Operation → the error to answer it with (once). */
  faults: Map<string, EndpointReply>;
}

/** A fresh, empty fake AppFlow. */
export function emptyAppFlowState(): FakeAppFlowState {
  return {
    connectors: new Set(),
    profiles: new Map(),
    flows: new Map(),
    executions: new Map(),
    shapeProblems: [],
    faults: new Map(),
  };
}

/**
 * A fake AppFlow speaking its REST-JSON protocol, for a recording endpoint: it finds the operation by the
 * SDK's HTTP bindings, checks each request body against the operation's input shape (from the installed
 * SDK: members, required members, types, enums) — a request that does not conform is answered with a
 * ValidationException naming every problem, as AppFlow would refuse it — and keeps connectors, profiles,
 * flows and execution records in `state`.
 */
export function fakeAppFlow(state: FakeAppFlowState): EndpointRoute {
  return (r: RecordedRequest) => {
    const operation = operationOf(r.method, r.path);
    if (!operation) return undefined;
    const body = (r.body ?? {}) as Record<string, unknown>;
    const problems = shapeProblems(operation.input, body);
    if (problems.length > 0) {
      state.shapeProblems.push(...problems.map((p) => `${operation.name} ${p}`));
      return awsError(400, "ValidationException", problems.join("; "));
    }
    const fault = state.faults.get(operation.name);
    if (fault) {
      state.faults.delete(operation.name);
      return fault;
    }
    const flowName = String(body["flowName"] ?? "");
    switch (operation.name) {
      case "DescribeConnector": {
        const label = String(body["connectorLabel"]);
        if (!state.connectors.has(label))
          return awsError(404, "ResourceNotFoundException", `No connector ${label}`);
        return {
          body: {
            connectorConfiguration: { connectorLabel: label, connectorArn: `${ARN}:connector/${label}` },
          },
        };
      }
      case "RegisterConnector": {
        const label = String(body["connectorLabel"]);
        if (state.connectors.has(label)) return awsError(409, "ConflictException", `${label} is registered`);
        state.connectors.add(label);
        return { body: { connectorArn: `${ARN}:connector/${label}` } };
      }
      case "DescribeConnectorProfiles": {
        const names = (body["connectorProfileNames"] as string[] | undefined) ?? [];
        const details = names
          .filter((n) => state.profiles.has(n))
          .map((n) => ({ connectorProfileName: n, connectorProfileArn: `${ARN}:connectorprofile/${n}` }));
        return { body: { connectorProfileDetails: details } };
      }
      case "CreateConnectorProfile":
      case "UpdateConnectorProfile": {
        const name = String(body["connectorProfileName"]);
        const exists = state.profiles.has(name);
        if (operation.name === "CreateConnectorProfile" && exists) {
          return awsError(409, "ConflictException", `Connector profile ${name} already exists`);
        }
        if (operation.name === "UpdateConnectorProfile" && !exists) {
          return awsError(404, "ResourceNotFoundException", `No connector profile ${name}`);
        }
        state.profiles.set(name, body);
        return { body: { connectorProfileArn: `${ARN}:connectorprofile/${name}` } };
      }
      case "DescribeFlow": {
        const flow = state.flows.get(flowName);
        if (!flow) return awsError(404, "ResourceNotFoundException", `No flow ${flowName}`);
        return { body: { ...flow, flowArn: `${ARN}:flow/${flowName}`, flowStatus: "Active" } };
      }
      case "CreateFlow":
      case "UpdateFlow": {
        const exists = state.flows.has(flowName);
        if (operation.name === "CreateFlow" && exists) {
          return awsError(409, "ConflictException", `Flow ${flowName} already exists`);
        }
        if (operation.name === "UpdateFlow" && !exists) {
          return awsError(404, "ResourceNotFoundException", `No flow ${flowName}`);
        }
        state.flows.set(flowName, body);
        return { body: { flowArn: `${ARN}:flow/${flowName}`, flowStatus: "Active" } };
      }
      case "StartFlow": {
        if (!state.flows.has(flowName))
          return awsError(404, "ResourceNotFoundException", `No flow ${flowName}`);
        const runs = state.executions.get(flowName) ?? [];
        const executionId = `exec-${runs.length + 1}`;
        runs.unshift({
          executionId,
          executionStatus: "InProgress",
          startedAt: 1_796_300_000 + runs.length * 60,
          lastUpdatedAt: 1_796_300_000 + runs.length * 60,
          executionResult: { recordsProcessed: 0, bytesProcessed: 0, bytesWritten: 0 },
        });
        state.executions.set(flowName, runs);
        return { body: { flowArn: `${ARN}:flow/${flowName}`, flowStatus: "Active", executionId } };
      }
      case "DescribeFlowExecutionRecords": {
        if (!state.flows.has(flowName))
          return awsError(404, "ResourceNotFoundException", `No flow ${flowName}`);
        const runs = state.executions.get(flowName) ?? [];
        const size = Number(body["maxResults"] ?? 20);
        const from = Number(body["nextToken"] ?? 0);
        const page = runs.slice(from, from + size);
        const next = from + size < runs.length ? { nextToken: String(from + size) } : {};
        return { body: { flowExecutions: page, ...next } };
      }
      default:
        return undefined;
    }
  };
}
