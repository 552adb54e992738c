/**
 * "Echo Upstream": an AppFlow connector that calls the `baseUrl` runtime setting with its API key in an
 * `X-Api-Key` header — the shape of any REST connector, and what a hostile request aims at: pointing
 * `baseUrl` at a listener of its own to receive the developer's key. Used by the HTTP host and serve tests.
 */

import { ConnectorError } from "../../../core/errors/connector-error.js";
import { setting } from "../../../core/settings/setting.js";
import { defineConnector } from "../../../define/define-connector.js";

export const connector = defineConnector({
  name: "Echo Upstream",
  owner: "connector-kit tests",
  version: "1.0.0",
  auth: { apiKey: true },
  settings: { baseUrl: setting.url({ label: "Base URL", required: true }) },
  async listEntities(ctx) {
    if (ctx.credentials?.type !== "ApiKey")
      throw new ConnectorError("InvalidCredentials", "An API key is needed");
    const response = await fetch(new URL("entities", ctx.settings.baseUrl), {
      headers: { "x-api-key": ctx.credentials.apiKey },
      signal: ctx.signal,
    });
    await response.body?.cancel();
    return [{ entityIdentifier: "things", hasNestedEntities: false, isWritable: false, label: "Things" }];
  },
  async describeEntity(_ctx, entityIdentifier) {
    return { entity: { entityIdentifier, hasNestedEntities: false, isWritable: false }, fields: [] };
  },
  async query() {
    return { records: [], nextToken: null };
  },
});
