import { ConnectorError } from "../core/errors/connector-error.js";
import type { ConnectorHandlers } from "../core/handlers.js";
import type { ConnectorConfiguration } from "../core/model/configuration.js";
import type { ResponseEnvelope } from "../core/model/responses.js";
import type { Connector } from "../define/define-connector.js";
import type { AppFlowHost } from "../hosts/appflow/appflow-host.js";
import { createAppFlowHost } from "../hosts/appflow/appflow-host.js";
import type { JsonObject } from "../hosts/appflow/wire/decoder.js";
import { readConfigurationResponse, readEnvelope } from "../hosts/appflow/wire/response-decoder.js";
import type { CommandIo } from "./command.js";
import { type CommandTarget, targetSecrets } from "./config/command-target.js";
import { contextFromFlags, type Flags, logLevelFlag } from "./connection-flags.js";
import { logWriter } from "./log-output.js";

/** The first authentication type a connector declares, as AppFlow names it. */
function firstAuthType(c: ConnectorConfiguration): string | null {
  const a = c.authenticationConfig;
  if (!a) return null;
  if (a.isBasicAuthSupported) return "BasicAuth";
  if (a.isApiKeyAuthSupported) return "ApiKey";
  if (a.isOAuth2Supported) return "OAuth2";
  return a.isCustomAuthSupported ? "CustomAuth" : null;
}

/** A command's conversation with a connector through its AppFlow host, as AppFlow itself would hold it. */
export class AppFlowSession {
  #configuration: ConnectorConfiguration | undefined;

  constructor(
    readonly host: AppFlowHost,
    readonly flags: Flags,
  ) {}

  /**
   * Invokes one operation; the answer is read strictly (a malformed one is a ServerError naming the key path),
   * and a failed answer is thrown as a ConnectorError with the answer's code and message.
   */
  async call(event: JsonObject): Promise<JsonObject> {
    const answer = await this.host.invoke(event);
    let envelope: ResponseEnvelope;
    try {
      envelope = readEnvelope(answer);
    } catch (error) {
      throw new ConnectorError(
        "ServerError",
        `${event["type"]} answered malformed: ${(error as Error).message}`,
      );
    }
    if (!envelope.isSuccess) {
      const details = envelope.errorDetails!;
      throw new ConnectorError(
        details.errorCode,
        `${event["type"]} failed: ${details.errorCode}: ${details.errorMessage}`,
      );
    }
    return answer;
  }

  /** The connector's configuration (asked once). */
  async configuration(): Promise<ConnectorConfiguration> {
    if (!this.#configuration) {
      const answer = await this.call({ type: "DescribeConnectorConfigurationRequest" });
      try {
        this.#configuration = readConfigurationResponse(answer).configuration!;
      } catch (error) {
        throw new ConnectorError(
          "ServerError",
          `DescribeConnectorConfiguration answered malformed: ${(error as Error).message}`,
        );
      }
    }
    return this.#configuration;
  }

  /** The `connectorContext` the connection flags describe, defaulted from the connector's configuration. */
  async connectorContext(): Promise<Record<string, unknown>> {
    const configuration = await this.configuration();
    return contextFromFlags(this.flags, {
      apiVersion: configuration.supportedApiVersions[0] ?? null,
      authenticationType: firstAuthType(configuration),
    });
  }
}

/**
 * A command's session with the connector `target` names: through an AppFlow host that reads the target's
 * secrets (see `targetSecrets`) and logs on standard error at `--log-level` (default warn).
 */
export function targetSession(
  connector: Connector | ConnectorHandlers,
  target: CommandTarget,
  flags: Flags,
  io: CommandIo,
): AppFlowSession {
  const level = logLevelFlag(flags["log-level"], "warn");
  const host = createAppFlowHost(connector, {
    secrets: targetSecrets(target, io.cwd, io.env),
    logLevel: level,
    logWrite: logWriter(io, level),
  });
  return new AppFlowSession(host, target.flags);
}
