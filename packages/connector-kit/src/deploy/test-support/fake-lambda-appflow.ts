import type { EndpointReply, EndpointRoute, RecordedRequest } from "./recording-endpoint.js";

/** An AWS error reply of a REST-JSON service. */
export function awsError(status: number, type: string, message: string): EndpointReply {
  return { status, body: { message, Message: message }, headers: { "x-amzn-errortype": type } };
}

/** State of {@link fakeLambdaAndAppFlow}. */
export interface FakeLambdaAppFlowState {
  /** Function name → configuration. */
  functions: Map<string, Record<string, unknown>>;
  /** Statement ids per function. */
  statements: Map<string, Set<string>>;
  /** Registered connector labels. */
  connectors: Set<string>;
  /** How many GetFunction answers report a function still pending or updating. */
  pendingPolls: number;
}

const ACCOUNT = "123456789012";
const PREFIX = "/2015-03-31/functions";

/**
 * A route answering like Lambda's and AppFlow's REST-JSON APIs, enough for `deployConnector`: functions,
 * their policy statements and connector registrations are kept in `state`.
 */
export function fakeLambdaAndAppFlow(state: FakeLambdaAppFlowState): EndpointRoute {
  const configuration = (name: string, extra: Record<string, unknown> = {}) => {
    const current = state.functions.get(name) ?? {};
    const next = {
      ...current,
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`,
      State: "Active",
      LastUpdateStatus: "Successful",
      ...extra,
    };
    state.functions.set(name, next);
    return next;
  };
  return (r: RecordedRequest) => {
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (r.method === "POST" && r.path === PREFIX) {
      const name = String(body["FunctionName"]);
      if (state.functions.has(name))
        return awsError(409, "ResourceConflictException", "Function already exist");
      const { Code: _code, ...settings } = body;
      return { status: 201, body: configuration(name, { ...settings, State: "Pending" }) };
    }
    if (!r.path.startsWith(`${PREFIX}/`)) {
      if (r.method === "POST" && r.path === "/describe-connector") {
        const label = String(body["connectorLabel"]);
        if (!state.connectors.has(label)) {
          return awsError(404, "ResourceNotFoundException", `No connector ${label}`);
        }
        return {
          body: {
            connectorConfiguration: {
              connectorArn: `arn:aws:appflow:us-east-1:${ACCOUNT}:connector/${label}`,
              connectorLabel: label,
            },
          },
        };
      }
      if (r.method === "POST" && r.path === "/register-connector") {
        const label = String(body["connectorLabel"]);
        if (state.connectors.has(label)) return awsError(409, "ConflictException", "Already registered");
        state.connectors.add(label);
        return { body: { connectorArn: `arn:aws:appflow:us-east-1:${ACCOUNT}:connector/${label}` } };
      }
      return undefined;
    }
    const [name, sub] = r.path.slice(PREFIX.length + 1).split("/");
    if (!name || !state.functions.has(name)) {
      return awsError(404, "ResourceNotFoundException", `Function not found: ${name}`);
    }
    if (r.method === "GET" && sub === undefined) {
      const pending = state.pendingPolls > 0;
      if (pending) state.pendingPolls--;
      const c = configuration(name, pending ? {} : { State: "Active", LastUpdateStatus: "Successful" });
      return { body: { Configuration: pending ? { ...c, State: "Pending" } : c, Code: {} } };
    }
    if (r.method === "PUT" && sub === "code")
      return { body: configuration(name, { LastUpdateStatus: "InProgress" }) };
    if (r.method === "PUT" && sub === "configuration") return { body: configuration(name, body) };
    if (r.method === "POST" && sub === "policy") {
      const statements = state.statements.get(name) ?? new Set<string>();
      state.statements.set(name, statements);
      const id = String(body["StatementId"]);
      if (statements.has(id)) {
        return awsError(
          409,
          "ResourceConflictException",
          `The statement id (${id}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
        );
      }
      statements.add(id);
      return { status: 201, body: { Statement: JSON.stringify({ Sid: id }) } };
    }
    return undefined;
  };
}

/** A fresh, empty state. */
export function emptyFakeState(): FakeLambdaAppFlowState {
  return { functions: new Map(), statements: new Map(), connectors: new Set(), pendingPolls: 0 };
}
