import type { ConnectorRuntimeSetting } from "../../core/model/configuration.js";
import { appflow, failure, request } from "./api.js";
import { field, h, replace, status, submitted } from "./dom.js";
import { state } from "./state.js";
import type { AppFlowAnswer, ConnectorConfiguration, Refusal, SavedConnection } from "./wire.js";

type Setting = ConnectorRuntimeSetting;

/** A secret key of an authentication type; `secret` masks the input. */
interface AuthField {
  key: string;
  label: string;
  required: boolean;
  secret: boolean;
  options?: string[] | null;
  description?: string | undefined;
}

type Control = HTMLInputElement | HTMLSelectElement;

/** The secret keys of each built-in authentication type, as AppFlow stores them; `secret` masks the input. */
const AUTH_KEYS: Record<string, AuthField[]> = {
  BasicAuth: [
    { key: "username", label: "Username", required: true, secret: false },
    { key: "password", label: "Password", required: true, secret: true },
  ],
  ApiKey: [
    { key: "apiKey", label: "API key", required: true, secret: true },
    { key: "apiSecretKey", label: "API secret key", required: false, secret: true },
  ],
  OAuth2: [
    { key: "accessToken", label: "Access token", required: true, secret: true },
    { key: "refreshToken", label: "Refresh token", required: false, secret: true },
  ],
};

/** The authentication types the connector declares. */
function authTypes(configuration: Partial<ConnectorConfiguration>): string[] {
  const a = configuration.authenticationConfig;
  if (!a) return [];
  const types: string[] = [];
  if (a.isBasicAuthSupported) types.push("BasicAuth");
  if (a.isApiKeyAuthSupported) types.push("ApiKey");
  if (a.isOAuth2Supported) types.push("OAuth2");
  if (a.isCustomAuthSupported) types.push("CustomAuth");
  return types;
}

/** The secret fields of an authentication type. */
function authFields(type: string): AuthField[] {
  if (type !== "CustomAuth") return AUTH_KEYS[type] ?? [];
  const custom = state.configuration.authenticationConfig?.customAuthConfig ?? [];
  return custom.flatMap((c) =>
    (c.authParameters ?? []).map((p) => ({
      key: p.key,
      label: `${p.label || p.key} (${c.authenticationType})`,
      required: p.required === true,
      secret: p.sensitiveField !== false,
      options: p.connectorSuppliedValues ?? null,
      description: p.description,
    })),
  );
}

/**
 * The Connections section: a form made from the connector's settings and authentication schemes. Secret
 * values go to the server once, into a local file; the page never receives them back.
 */
export function renderConnections(root: HTMLElement): void {
  const configuration = state.configuration;
  const types = authTypes(configuration);
  const saved = state.session.connections;
  const current: SavedConnection | null = state.connection ?? saved[0] ?? null;

  const pick = h(
    "select",
    { id: "connection-pick" },
    h("option", { value: "" }, "New connection…"),
    ...saved.map((c) => h("option", { value: c.name, selected: current?.name === c.name }, c.name)),
  );
  pick.addEventListener("change", () => {
    state.connection = saved.find((c) => c.name === pick.value) ?? null;
    state.connection ??= {
      name: "",
      authenticationType: null,
      apiVersion: null,
      settings: {},
      secretRef: null,
      secretKeys: [],
    };
    renderConnections(root);
  });

  const name = h("input", {
    id: "connection-name",
    value: current?.name || (saved.length ? "" : "default"),
    autocomplete: "off",
  });
  const nameField = field("Name", name, "Letters, digits, _ and -");

  const authType = h(
    "select",
    { id: "auth-type" },
    ...types.map((t) => h("option", { value: t, selected: current?.authenticationType === t }, t)),
  );
  const authBox = h("fieldset", { class: "auth" }, h("legend", null, "Credentials"));
  let secretInputs = new Map<string, { input: Control; error: HTMLElement; required: boolean }>();
  const authError = h("p", { class: "field-error", role: "alert", id: "auth-error" });
  const drawAuth = () => {
    secretInputs = new Map();
    const type = authType.value;
    const known = current?.authenticationType === type ? (current?.secretKeys ?? []) : [];
    const rows = authFields(type).map((f) => {
      const isSet = known.includes(f.key);
      const input: Control = f.options
        ? h(
            "select",
            { name: f.key },
            h("option", { value: "" }, isSet ? "(kept)" : ""),
            ...f.options.map((o) => h("option", { value: o }, o)),
          )
        : h("input", {
            name: f.key,
            type: f.secret ? "password" : "text",
            autocomplete: "off",
            placeholder: isSet ? "set: leave empty to keep it" : "",
          });
      const { row, error } = field(`${f.label}${f.required ? " *" : ""}`, input, f.description);
      secretInputs.set(f.key, { input, error, required: f.required && !isSet });
      return row;
    });
    const scopes =
      type === "OAuth2" ? (configuration.authenticationConfig?.oAuth2Defaults?.oAuthScopes ?? []) : [];
    replace(
      authBox,
      h("legend", null, "Credentials"),
      types.length > 1
        ? field("Authentication type", authType).row
        : types.length === 1
          ? h("p", null, `Authentication: ${types[0]}`)
          : h("p", null, "This connector takes no credentials."),
      ...rows,
      scopes.length ? h("p", { class: "hint" }, `OAuth scopes: ${scopes.join(" ")}`) : null,
      h(
        "p",
        { class: "hint" },
        "Secret values are written to .connector/console/secrets/ (mode 0600) and never shown again.",
      ),
      authError,
    );
  };
  authType.addEventListener("change", drawAuth);
  drawAuth();

  const versions = configuration.supportedApiVersions ?? [];
  const apiVersion = h(
    "select",
    { id: "api-version" },
    ...versions.map((v) => h("option", { value: v, selected: current?.apiVersion === v }, v)),
  );

  const settingInputs = new Map<string, { input: Control; error: HTMLElement; setting: Setting }>();
  const settingRows = (configuration.connectorRuntimeSetting ?? []).map((s) => {
    const value = current?.settings?.[s.key] ?? "";
    const input: Control = s.connectorSuppliedValueOptions?.length
      ? h(
          "select",
          { name: s.key },
          h("option", { value: "" }, ""),
          ...s.connectorSuppliedValueOptions.map((o) => h("option", { value: o, selected: value === o }, o)),
        )
      : h("input", {
          name: s.key,
          value,
          type: s.dataType === "Integer" || s.dataType === "Long" ? "number" : "text",
        });
    const { row, error } = field(
      `${s.label || s.key}${s.required ? " *" : ""}`,
      input,
      `${s.description ? `${s.description} · ` : ""}${s.dataType}, scope ${s.scope}`,
    );
    settingInputs.set(s.key, { input, error, setting: s });
    return row;
  });

  const outcome = h("div", { id: "validate-outcome", role: "status" });
  const clearErrors = () => {
    for (const { error } of [...settingInputs.values(), ...secretInputs.values()]) error.textContent = "";
    nameField.error.textContent = "";
    authError.textContent = "";
  };

  const save = async (): Promise<SavedConnection | null> => {
    clearErrors();
    let ok = true;
    const settings: Record<string, string> = {};
    for (const [key, { input, error, setting }] of settingInputs) {
      if (input.value !== "") settings[key] = input.value;
      else if (setting.required) {
        error.textContent = `${setting.label || key} is required`;
        ok = false;
      }
    }
    const secret: Record<string, string> = {};
    for (const [key, { input, error, required }] of secretInputs) {
      if (input.value !== "") secret[key] = input.value;
      else if (required) {
        error.textContent = "Required";
        ok = false;
      }
    }
    if (!ok) return null;
    const answer = await request<SavedConnection & Refusal>(
      "PUT",
      `/api/connections/${encodeURIComponent(name.value)}`,
      {
        authenticationType: types.length ? authType.value : null,
        apiVersion: versions.length ? apiVersion.value : null,
        settings,
        secret,
      },
    );
    if (answer.status !== 200 || !answer.body) {
      const target =
        answer.body?.field === "name"
          ? nameField.error
          : (settingInputs.get(String(answer.body?.field).replace(/^settings\./, ""))?.error ?? authError);
      target.textContent = answer.body?.error ?? `HTTP ${answer.status}`;
      return null;
    }
    // The secret inputs are cleared: their values are on the server now, and stay there.
    const savedConnection = answer.body;
    for (const [key, entry] of secretInputs) {
      entry.input.value = "";
      if (savedConnection.secretKeys.includes(key)) {
        entry.required = false;
        if ("placeholder" in entry.input) entry.input.placeholder = "set: leave empty to keep it";
      }
    }
    state.session.connections = [
      ...state.session.connections.filter((c) => c.name !== savedConnection.name),
      savedConnection,
    ];
    state.connection = savedConnection;
    status(`Connection ${savedConnection.name} saved`);
    return savedConnection;
  };

  const validate = async () => {
    const c = await save();
    if (!c) return;
    replace(outcome, "Validating…");
    const credentials = c.secretRef
      ? { secretArn: c.secretRef, authenticationType: c.authenticationType }
      : null;
    const lines: HTMLElement[] = [];
    let allGood = true;
    if (credentials) {
      const answer = await appflow<AppFlowAnswer>("ValidateCredentials", {
        credentials,
        connectorRuntimeSettings: c.settings,
      });
      if (answer.body?.isSuccess) lines.push(h("li", { class: "pass" }, "Credentials are valid"));
      else {
        allGood = false;
        authError.textContent = failure(answer.body);
        lines.push(h("li", { class: "fail" }, `Credentials: ${failure(answer.body)}`));
      }
    }
    const declared = configuration.connectorRuntimeSetting ?? [];
    const scopes = [...new Set(declared.map((s) => s.scope))].flatMap((s) =>
      s === "SOURCE_AND_DESTINATION" ? ["SOURCE", "DESTINATION"] : [s],
    );
    for (const scope of [...new Set(scopes)]) {
      // Each scope is validated with its own settings (and, for SOURCE and DESTINATION, the shared ones).
      const inScope = declared.filter(
        (s) => s.scope === scope || (s.scope === "SOURCE_AND_DESTINATION" && scope !== "CONNECTOR_PROFILE"),
      );
      const settings = Object.fromEntries(
        inScope.filter((s) => c.settings[s.key] !== undefined).map((s) => [s.key, c.settings[s.key]]),
      );
      const answer = await appflow<AppFlowAnswer & { errorsByInputField?: Record<string, string> | null }>(
        "ValidateConnectorRuntimeSettings",
        {
          scope,
          connectorRuntimeSettings: settings,
          authenticationType: c.authenticationType,
        },
      );
      if (answer.body?.isSuccess) {
        lines.push(h("li", { class: "pass" }, `Settings (${scope}) are valid`));
        continue;
      }
      allGood = false;
      for (const [key, message] of Object.entries(answer.body?.errorsByInputField ?? {})) {
        const target = settingInputs.get(key);
        if (target) target.error.textContent = String(message);
      }
      lines.push(h("li", { class: "fail" }, `Settings (${scope}): ${failure(answer.body)}`));
    }
    replace(outcome, h("ul", { class: "checks" }, ...lines));
    status(allGood ? `Connection ${c.name} is valid` : `Connection ${c.name} has errors`);
  };

  replace(
    root,
    h("h2", null, "Connections"),
    h(
      "form",
      { class: "connection", onsubmit: submitted(validate) },
      saved.length ? field("Saved connections", pick).row : null,
      nameField.row,
      versions.length > 1 ? field("API version", apiVersion).row : null,
      authBox,
      h(
        "fieldset",
        null,
        h("legend", null, "Runtime settings"),
        ...(settingRows.length ? settingRows : [h("p", null, "This connector declares no settings.")]),
      ),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", id: "save-connection", onclick: () => save() }, "Save"),
        h("button", { type: "submit", id: "validate-connection", class: "primary" }, "Save and validate"),
      ),
    ),
    outcome,
  );
}
