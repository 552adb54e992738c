import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorDefinitionError } from "../../core/errors/connector-definition-error.js";
import { setting } from "../../core/settings/setting.js";
import { defineConnector } from "../../define/define-connector.js";
import { errorForStatus } from "../../http/status-errors.js";
import { oauthCapabilities } from "../../identity/oauth-capabilities.js";
import { defineOAuth2 } from "../../oauth/oauth-definition.js";
import {
  type FakeTokenEndpoint,
  startFakeTokenEndpoint,
} from "../../oauth/test-support/fake-token-endpoint.js";
import { createAppFlowHost } from "../appflow/appflow-host.js";
import { isErrorEnvelope, type LumosEnvelope, type SuccessEnvelope } from "./envelope.js";
import { LumosDefinitionError } from "./lumos-app.js";
import { createLumosHost } from "./lumos-host.js";
import { createTestDirectory } from "./test-support/test-directory-connector.js";

// An identity-only connector still declares its (empty) AppFlow side: a mode and the two metadata functions.
const entities = {
  modes: ["SOURCE" as const],
  async listEntities() {
    return [];
  },
  async describeEntity(): Promise<never> {
    throw new Error("no entities");
  },
};

const success = (envelope: LumosEnvelope): SuccessEnvelope => {
  if (isErrorEnvelope(envelope)) throw new Error(`error envelope: ${JSON.stringify(envelope.error)}`);
  return envelope;
};

async function validateOpenApi(document: Record<string, unknown>) {
  const result = await new Validator().validate(document);
  expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
  expect(result.valid).toBe(true);
}

describe("createLumosHost", () => {
  it("refuses, when created, a connector with only data capabilities; AppFlow refuses one with only identity ones", () => {
    const dataOnly = defineConnector({ name: "Plain Thing", owner: "x", version: "0.0.1", ...entities });
    expect(() => createLumosHost(dataOnly, { logLevel: "silent" })).toThrow(LumosDefinitionError);
    expect(() => createLumosHost(dataOnly, { logLevel: "silent" })).toThrow(
      /Lumos needs the identity capabilities of connector Plain Thing.*runs on AppFlow/,
    );
    const identityOnly = defineConnector({
      name: "Directory",
      owner: "x",
      version: "1",
      identity: {
        async listAccounts() {
          return [];
        },
      },
    });
    expect(() => createAppFlowHost(identityOnly)).toThrow(ConnectorDefinitionError);
    expect(() => createAppFlowHost(identityOnly)).toThrow(
      /AppFlow needs the data capabilities of connector Directory: it lacks listEntities, describeEntity, query, retrieve or write\. It has identity capabilities: run it on Lumos\./,
    );
    expect(() => defineConnector({ name: "Nothing", owner: "x", version: "1" })).toThrow(
      /declares no capability/,
    );
  });

  it("serves a connector with only identity capabilities: nothing AppFlow-specific written", async () => {
    const host = createLumosHost(
      defineConnector({
        name: "Plain Directory",
        owner: "x",
        version: "0.0.1",
        identity: {
          async listAccounts() {
            return [{ integration_specific_id: "u1", email: "a@example.com", user_status: "ACTIVE" }];
          },
        },
      }),
      { logLevel: "silent" },
    );
    expect(host.app.appId).toBe("plain-directory");
    expect(host.capabilities).toContain("list_accounts");
    const r = await host.handle("list_accounts", { request: {}, auth: { token: { token: "t" } } });
    expect(success(r.envelope).response).toEqual([
      expect.objectContaining({ integration_specific_id: "u1", email: "a@example.com" }),
    ]);
    await validateOpenApi(host.openApi());
  });

  it("answers not_implemented for a capability it does not serve", async () => {
    const host = createLumosHost(createTestDirectory().connector, { logLevel: "silent" });
    const r = await host.handle("list_expenses", "{}");
    expect(r.envelope).toMatchObject({ is_error: true, error: { error_code: "not_implemented" } });
    expect(r.text).toBe(JSON.stringify(r.envelope));
  });

  it("refuses custom capabilities with bad or reserved names, and duplicate credential ids", () => {
    const make = (identity: Parameters<typeof defineConnector>[0]["identity"]) => () =>
      createLumosHost(
        defineConnector({
          name: "X",
          owner: "x",
          version: "1",
          identity: {
            async listAccounts() {
              return [];
            },
            ...identity,
          },
        }),
      );
    expect(make({ custom: { ListThings: async () => null } })).toThrow(/snake_case/);
    expect(make({ custom: { list_things2: async () => null } })).toThrow(/snake_case/);
    expect(make({ custom: { list_expenses: async () => null } })).toThrow(/standard capability name/);
    expect(
      make({
        credentials: [
          { id: "a", type: "token" },
          { id: "a", type: "basic" },
        ],
      }),
    ).toThrow(/declared twice/);
  });

  it("answers request_timeout past the time limit, and aborts ctx.signal", async () => {
    let aborted = false;
    const connector = defineConnector({
      name: "Slow",
      owner: "x",
      version: "1",
      ...entities,
      identity: {
        async listResources(ctx) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          aborted = ctx.signal.aborted;
          return [];
        },
      },
    });
    const host = createLumosHost(connector, { logLevel: "silent", timeLimitMs: 20 });
    const r = await host.handle("list_resources", { request: {} });
    expect(r.envelope).toMatchObject({ is_error: true, error: { error_code: "request_timeout" } });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(aborted).toBe(true);
  });

  it("its OpenAPI document (app_info, connector spec --lumos) is OpenAPI 3.0.0 as Lumos' SDK generates it", async () => {
    const host = createLumosHost(createTestDirectory().connector, { logLevel: "silent" });
    const document = host.openApi();
    await validateOpenApi(document);
    expect(document["openapi"]).toBe("3.0.0");
    expect(document["servers"]).toEqual([]);
    expect((document["tags"] as { name: string }[]).map((t) => t.name)).toEqual([
      "Read Capabilities",
      "Write Capabilities",
      "Authorization",
      "Specification",
      "Validation",
    ]);
    const paths = document["paths"] as Record<string, { post: Record<string, unknown> }>;
    expect(Object.keys(paths)).toEqual(host.capabilities.map((c) => `/${c}`));
    expect(paths["/list_accounts"]!.post).toMatchObject({
      operationId: "list_accounts",
      summary: "List Accounts",
      tags: ["Read Capabilities"],
      description: "Every user entry under the base DN",
      security: [{ "test-directory": [] }],
    });
    const tags = (name: string) => paths[`/${name}`]!.post["tags"];
    expect(tags("create_account")).toEqual(["Write Capabilities"]);
    expect(tags("validate_credentials")).toEqual(["Validation"]);
    expect(tags("app_info")).toEqual(["Specification"]);
    expect(tags("list_group_owners")).toEqual(["Capabilities"]);
    const schemaOf = (name: string, part: "request" | "response") => {
      const post = paths[`/${name}`]!.post;
      const content =
        part === "request"
          ? (post["requestBody"] as { content: Record<string, { schema: Record<string, unknown> }> }).content
          : (
              post["responses"] as Record<
                string,
                { content: Record<string, { schema: Record<string, unknown> }> }
              >
            )["200"]!.content;
      return content["application/json"]!.schema;
    };
    expect(schemaOf("list_accounts", "request")).toMatchObject({
      required: ["request", "settings", "auth"],
      properties: {
        settings: { $ref: "#/components/schemas/Settings" },
        auth: { $ref: "#/components/schemas/Auth" },
      },
    });
    // The 200 answer is the payload itself: a list of records, or the record inline; never the envelope.
    expect(schemaOf("list_accounts", "response")).toEqual({
      type: "array",
      items: { $ref: "#/components/schemas/FoundAccountData" },
      title: "Response",
    });
    expect(schemaOf("deactivate_account", "response")).toMatchObject({
      title: "DeactivatedAccount",
      required: ["status", "deactivated"],
    });
    expect(schemaOf("assign_entitlement", "response")).toMatchObject({ title: "AssignedEntitlement" });
    // Optional values are nullable (OpenAPI 3.0), not a JSON Schema null type.
    const schemas = (document["components"] as { schemas: Record<string, Record<string, unknown>> }).schemas;
    expect(schemas["FoundAccountData"]!["properties"]).toMatchObject({
      email: { type: "string", nullable: true },
    });
    expect(JSON.stringify(document)).not.toContain('"type":"null"');
    expect(JSON.stringify(document)).not.toContain('"const"');
    expect(schemas["Settings"]).toMatchObject({
      title: "TestDirectorySettings",
      required: ["baseDn"],
      "x-field_order": ["baseDn", "pageLimit", "adminPassword"],
    });
    expect(schemas["Auth"]).toMatchObject({
      properties: {
        basic: { type: "object", "x-credential-type": "basic", "x-field_order": ["username", "password"] },
      },
      required: ["basic"],
    });
    expect(document["info"]).toMatchObject({
      title: "Test Directory",
      version: "1.2.3",
      "x-app-id": "test-directory",
      "x-multi-credential": false,
      "x-allowed-credentials": [],
      "x-oauth-settings": {},
      "x-app-vendor-domain": "example.com",
      "x-app-logo-url": "",
      "x-categories": { type: "enum", enum: ["IT_AND_SECURITY", "DEVELOPERS"] },
      "x-capabilities": host.capabilities,
      "x-resource-types": [{ type_id: "ou", type_label: "Organizational unit" }],
      "x-entitlement-types": [
        {
          type_id: "group",
          type_label: "Group",
          resource_type_id: "ou",
          min: 0,
          max: null,
          requirements: null,
        },
      ],
    });
    expect((document["components"] as { securitySchemes: unknown }).securitySchemes).toEqual({
      "test-directory": { type: "http", scheme: "basic" },
    });
  });
});

describe("multi-credential connectors", () => {
  const connector = defineConnector({
    name: "Two Keys",
    owner: "x",
    version: "1",
    ...entities,
    identity: {
      credentials: [
        { id: "api", type: "token", description: "The API token" },
        { id: "admin", type: "basic", optional: true },
      ],
      async validateCredentials(ctx, input) {
        const ids = Object.keys(input.credentials).sort().join(",");
        return { valid: ctx.credentials?.type === "ApiKey", unique_tenant_id: ids };
      },
    },
  });
  const host = createLumosHost(connector, { logLevel: "silent" });
  const api = { id: "api", token: { token: "tok-1234" } };
  const admin = { id: "admin", basic: { username: "root", password: "pw-12345" } };

  it("take credentials by id, the first as ctx.credentials", async () => {
    const r = await host.handle("validate_credentials", { credentials: [api, admin], request: {} });
    expect(success(r.envelope).response).toEqual({ valid: true, unique_tenant_id: "admin,api" });
    const alone = await host.handle("validate_credentials", { credentials: [api], request: {} });
    expect(success(alone.envelope).response).toEqual({ valid: true, unique_tenant_id: "api" });
  });

  it("refuse auth, unknown ids, missing ids, missing typed bodies and missing required credentials", async () => {
    const message = async (envelope: unknown) => {
      const r = await host.handle("validate_credentials", envelope);
      return isErrorEnvelope(r.envelope) ? r.envelope.error.message : "ok";
    };
    expect(await message({ auth: { token: { token: "x" } }, request: {} })).toBe(
      "This connector takes credentials, not auth",
    );
    expect(await message({ credentials: [], request: {} })).toBe("Missing credentials in request");
    expect(await message({ credentials: [{ token: { token: "x" } }], request: {} })).toBe(
      "Every entry of credentials needs an id",
    );
    expect(await message({ credentials: [{ id: "other", token: { token: "x" } }], request: {} })).toBe(
      "Unknown credential id 'other'",
    );
    expect(await message({ credentials: [{ id: "api", basic: admin.basic }], request: {} })).toBe(
      "Missing 'token' credential in request",
    );
    expect(await message({ credentials: [admin], request: {} })).toBe(
      "Missing 'token' credential in request (id 'api')",
    );
  });

  it("publish credentials_schema in info and Credentials in the OpenAPI document", async () => {
    const info = host.info().document.response;
    expect(info["authentication_schema"]).toEqual({});
    expect(info["credentials_schema"]).toMatchObject([
      { id: "api", description: "The API token", "x-optional": false, "x-credential-type": "token" },
      { id: "admin", description: null, "x-optional": true, "x-credential-type": "basic" },
    ]);
    const document = host.openApi();
    expect(document["info"]).toMatchObject({
      "x-multi-credential": true,
      "x-allowed-credentials": [["api"], ["admin"]],
    });
    await validateOpenApi(document);
    const components = document["components"] as Record<string, Record<string, unknown>>;
    expect(components["securitySchemes"]).toEqual({
      api: {
        type: "apiKey",
        in: "header",
        name: "Authorization",
        description: "API Token / API Key for authentication",
      },
      admin: { type: "http", scheme: "basic" },
    });
    expect(components["schemas"]!["Credentials"]).toMatchObject({
      type: "array",
      items: {
        allOf: [
          { properties: { id: { type: "string", enum: ["api"] } }, required: ["id", "token"] },
          { properties: { id: { type: "string", enum: ["admin"] } }, required: ["id", "basic"] },
        ],
      },
    });
    const paths = document["paths"] as Record<string, { post: Record<string, unknown> }>;
    expect(paths["/validate_credentials"]!.post["security"]).toEqual([{ api: [] }, { admin: [] }]);
  });
});

describe("OAuth capabilities through the OAuth module", () => {
  let endpoint: FakeTokenEndpoint;
  beforeAll(async () => {
    endpoint = await startFakeTokenEndpoint();
  });
  afterAll(() => endpoint.close());

  const hostFor = (grant: "authorization_code" | "client_credentials") => {
    const definition = defineOAuth2({
      authorizationUrl: grant === "authorization_code" ? "https://auth.example.com/authorize" : undefined,
      tokenUrl: `${endpoint.origin}/token`,
      grantTypes: [grant],
      clientAuth: "form",
    });
    const connector = defineConnector({
      name: "OAuth App",
      owner: "x",
      version: "2.0.0",
      ...entities,
      auth: { oauth2: definition.toAppFlowDefaults() },
      settings: { tenant: setting.string({ label: "Tenant", required: true }) },
      identity: {
        oauth: oauthCapabilities(definition, {
          scopes: { list_accounts: "users:read", validate_credentials: "me" },
        }),
        async validateCredentials(ctx) {
          return { valid: ctx.credentials?.type === "OAuth2", unique_tenant_id: String(ctx.settings.tenant) };
        },
      },
    });
    return createLumosHost(connector, { logLevel: "silent" });
  };

  it("code flow: authorization URL with PKCE, callback exchange, refresh; validate with the token", async () => {
    const host = hostFor("authorization_code");
    expect(host.capabilities).toEqual([
      "app_info",
      "get_authorization_url",
      "handle_authorization_callback",
      "refresh_access_token",
      "validate_credentials",
    ]);
    expect(host.info().document.response["oauth_scopes"]).toEqual({
      list_accounts: "users:read",
      validate_credentials: "me",
    });
    const document = host.openApi();
    await validateOpenApi(document);
    const scopes = { "users:read": "Required for list_accounts", me: "Required for validate_credentials" };
    expect((document["components"] as Record<string, unknown>)["securitySchemes"]).toEqual({
      "oauth-app": {
        type: "oauth2",
        flows: {
          authorizationCode: {
            authorizationUrl: "https://auth.example.com/authorize",
            tokenUrl: `${endpoint.origin}/token`,
            scopes,
          },
        },
      },
    });
    expect((document["info"] as Record<string, unknown>)["x-oauth-settings"]).toMatchObject({
      oauth_type: "CODE_FLOW",
      capabilities: {
        get_authorization_url: true,
        handle_authorization_callback: true,
        refresh_access_token: true,
      },
      scopes,
    });
    const paths = document["paths"] as Record<string, { post: Record<string, unknown> }>;
    expect(paths["/validate_credentials"]!.post["security"]).toEqual([{ "oauth-app": ["users:read", "me"] }]);
    expect(paths["/get_authorization_url"]!.post["tags"]).toEqual(["Authorization"]);
    const settings = { tenant: "acme" };
    const url = await host.handle("get_authorization_url", {
      request: { client_id: "cid", scopes: [], redirect_uri: "https://lumos.example.com/cb", state: "st-1" },
      settings,
    });
    const answer = success(url.envelope).response as { authorization_url: string; code_verifier: string };
    const authorization = new URL(answer.authorization_url);
    expect(authorization.origin + authorization.pathname).toBe("https://auth.example.com/authorize");
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: "cid",
      response_type: "code",
      scope: "users:read me",
      state: "st-1",
      code_challenge_method: "S256",
    });
    expect(answer.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    endpoint.respond(() => ({
      json: { access_token: "at-123456", refresh_token: "rt-123456", token_type: "Bearer", expires_in: 60 },
    }));
    const callback = await host.handle("handle_authorization_callback", {
      request: {
        client_id: "cid",
        client_secret: "client-secret-1",
        redirect_uri_with_code: "https://lumos.example.com/cb?code=the-code&state=st-1",
        state: "st-1",
        code_verifier: answer.code_verifier,
      },
      settings,
      include_raw_data: true,
    });
    const tokens = success(callback.envelope);
    expect(tokens.response).toEqual({
      access_token: "at-123456",
      refresh_token: "rt-123456",
      token_type: "bearer",
      state: "st-1",
    });
    expect(tokens.raw_data).toMatchObject({ access_token: "at-123456" });
    const sent = new URLSearchParams(endpoint.requests.at(-1)!.body);
    expect(Object.fromEntries(sent)).toMatchObject({
      grant_type: "authorization_code",
      code: "the-code",
      redirect_uri: "https://lumos.example.com/cb",
      code_verifier: answer.code_verifier,
    });

    const refreshed = await host.handle("refresh_access_token", {
      request: { client_id: "cid", client_secret: "client-secret-1", refresh_token: "rt-123456" },
      settings,
    });
    expect(success(refreshed.envelope).response).toMatchObject({ access_token: "at-123456" });
    expect(success(refreshed.envelope).raw_data).toBeNull();

    const valid = await host.handle("validate_credentials", {
      auth: { oauth: { access_token: "at-123456" } },
      request: {},
      settings,
    });
    expect(success(valid.envelope).response).toEqual({ valid: true, unique_tenant_id: "acme" });
    await validateOpenApi(host.openApi());
  });

  it("client credentials; a failing token endpoint is api_error", async () => {
    const host = hostFor("client_credentials");
    expect(host.capabilities).toEqual([
      "app_info",
      "handle_client_credentials_request",
      "refresh_access_token",
      "validate_credentials",
    ]);
    endpoint.respond(() => ({ json: { access_token: "cc-token-1", token_type: "bearer" } }));
    const r = await host.handle("handle_client_credentials_request", {
      request: { client_id: "cid", client_secret: "sec-12345", scopes: ["a"] },
      settings: { tenant: "t" },
    });
    expect(success(r.envelope).response).toEqual({
      access_token: "cc-token-1",
      refresh_token: null,
      token_type: "bearer",
      state: null,
    });
    endpoint.respond(() => ({ status: 400, json: { error: "invalid_client" } }));
    const failed = await host.handle("handle_client_credentials_request", {
      request: { client_id: "cid", client_secret: "sec-12345", scopes: [] },
      settings: { tenant: "t" },
    });
    expect(failed.envelope).toMatchObject({
      is_error: true,
      error: { error_code: "api_error", message: expect.stringMatching(/^OAuth request failed/) },
    });
    const noSettings = await host.handle("handle_client_credentials_request", {
      request: { client_id: "cid", client_secret: "sec-12345", scopes: [] },
    });
    expect(noSettings.envelope).toMatchObject({
      error: { message: "No settings passed on request: oauth-app requires OauthAppSettings" },
    });
  });
});

describe("errors of the HTTP toolkit", () => {
  it("keep their Lumos code and HTTP status", async () => {
    const connector = defineConnector({
      name: "Upstream",
      owner: "x",
      version: "1",
      ...entities,
      identity: {
        async listResources() {
          throw errorForStatus(502, {
            method: "GET",
            url: "https://api.example.com/ous?secret=1",
            body: "gateway down",
          });
        },
        async listEntitlements() {
          throw errorForStatus(500, { method: "GET", url: "https://api.example.com/groups" });
        },
      },
    });
    const host = createLumosHost(connector, { logLevel: "silent" });
    const bad = await host.handle("list_resources", { request: {} });
    expect(bad.envelope).toMatchObject({
      is_error: true,
      error: {
        error_code: "bad_gateway",
        status_code: 502,
        message: "HTTP 502 from GET https://api.example.com/ous: gateway down",
        raised_by: "ConnectorError",
      },
    });
    const server = await host.handle("list_entitlements", { request: {} });
    expect(server.envelope).toMatchObject({ error: { error_code: "api_error", status_code: 500 } });
  });
});

/** A value whose every trap throws, as a hostile or broken library might throw. */
function hostileProxy(): object {
  const trap = () => {
    throw new Error("trap");
  };
  return new Proxy(
    {},
    { getPrototypeOf: trap, get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap },
  );
}

describe("whatever a capability throws", () => {
  it("answers an error envelope: a Proxy whose traps throw, an error with a throwing getter, a throwing handler", async () => {
    const badGetter = new Error("x");
    Object.defineProperty(badGetter, "name", {
      get() {
        throw new Error("getter");
      },
    });
    const connector = defineConnector({
      name: "Hostile",
      owner: "x",
      version: "1",
      ...entities,
      identity: {
        async listAccounts() {
          throw hostileProxy();
        },
        async listResources() {
          throw badGetter;
        },
      },
    });
    const lines: string[] = [];
    const host = createLumosHost(connector, {
      logLevel: "debug",
      logWrite: (line: string) => lines.push(line),
    });
    const proxied = await host.handle("list_accounts", { request: {} });
    expect(proxied.envelope).toMatchObject({ is_error: true, error: { error_code: "unexpected_error" } });
    expect(lines.some((l) => l.includes("a Proxy was thrown"))).toBe(true);
    const getter = await host.handle("list_resources", { request: {} });
    expect(getter.envelope).toMatchObject({ is_error: true, error: { error_code: "unexpected_error" } });
  });
});
