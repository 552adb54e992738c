import { parseSettings } from "../../core/settings/parse-settings.js";
import { modelsIn } from "../../identity/auth-credentials.js";
import type { LumosApp } from "./lumos-app.js";
import type { LumosRequestBody } from "./lumos-request.js";
import { settingsAsStrings, settingsModelName } from "./settings.js";

/** Settings of a call: parsed values for `ctx.settings`, and the strings they came from. */
export interface CallSettings {
  values: Record<string, unknown>;
  raw: Record<string, string>;
}

/**
 * Checks `auth`/`credentials` against what the app declares (one auth model, or credential ids with their
 * types, optional ones and allowed combinations). Answers the `bad_request` message, or null when they fit.
 */
export function authProblem(app: LumosApp, body: LumosRequestBody): string | null {
  const hasAuth = body.auth !== undefined && body.auth !== null;
  const hasCredentials = body.credentials !== undefined && body.credentials !== null;
  if (hasAuth && hasCredentials) return "Cannot pass credentials and auth in the same request";
  if (!hasAuth && !hasCredentials) {
    return app.authModel || app.credentials ? "Missing auth/credentials in request" : null;
  }
  if (hasCredentials) {
    const list = body.credentials!;
    if (!app.credentials) return "This connector takes its credential in auth, not in credentials";
    if (list.length === 0) return "Missing credentials in request";
    const seen = new Set<string>();
    for (const entry of list) {
      if (!entry.id) return "Every entry of credentials needs an id";
      const config = app.credentials.find((c) => c.id === entry.id);
      if (!config) return `Unknown credential id '${entry.id}'`;
      if (seen.has(entry.id)) return `Credential id '${entry.id}' is given twice`;
      seen.add(entry.id);
      if (!entry[config.type]) return `Missing '${config.type}' credential in request`;
    }
    if (app.allowedCredentials) {
      const given = [...seen].sort().join(",");
      if (!app.allowedCredentials.some((option) => [...option].sort().join(",") === given))
        return `The credentials ${[...seen].join(", ")} are not an allowed combination`;
    } else {
      const missing = app.credentials.find((c) => !c.optional && !seen.has(c.id));
      if (missing) return `Missing '${missing.type}' credential in request (id '${missing.id}')`;
    }
    return null;
  }
  if (app.credentials) return "This connector takes credentials, not auth";
  const present = modelsIn(body.auth!);
  if (app.authModel && !present.includes(app.authModel))
    return `Missing '${app.authModel}' credential in request`;
  return null;
}

/**
 * The call's settings, parsed against the app's settings shape: `{ error }` with the `bad_request` message
 * when they are missing or invalid. With `required` false (a capability that takes no settings) nothing is
 * checked and the values are empty.
 */
export function callSettings(
  app: LumosApp,
  body: LumosRequestBody,
  required: boolean,
): { error: string } | CallSettings {
  const raw = settingsAsStrings(body.settings ?? {});
  const shape = app.settings;
  if (!required || Object.keys(shape).length === 0) return { values: {}, raw };
  if (body.settings === undefined || body.settings === null)
    return { error: `No settings passed on request: ${app.appId} requires ${settingsModelName(app)}` };
  const parsed = parseSettings(shape, raw, [
    "CONNECTOR_PROFILE",
    "SOURCE",
    "DESTINATION",
    "SOURCE_AND_DESTINATION",
  ]);
  const missing = Object.entries(shape)
    .filter(([key, s]) => s.required && (raw[key] === undefined || raw[key] === ""))
    .map(([, s]) => s.label);
  if (missing.length > 0)
    return {
      error: `Invalid settings passed on request. Missing required settings: ${missing.join(", ")}`,
    };
  const problems = Object.values(parsed.errors);
  if (problems.length > 0) return { error: `Invalid settings passed on request. ${problems.join("; ")}` };
  return { values: parsed.values, raw };
}
