import { request } from "./api.js";
import { field, h, replace, status, submitted, uid } from "./dom.js";

/** A schema with its `$ref` followed into the document's components. */
function resolve(doc, schema) {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = doc.components?.schemas?.[s.$ref.split("/").pop()];
  return s ?? {};
}

/**
 * Form controls for an object schema's properties: text, number, checkbox or a list of options for scalar
 * properties, JSON text for the others. Returns the form's rows and a function reading its value.
 */
function schemaForm(doc, schema) {
  const object = resolve(doc, schema);
  const rows = [];
  const readers = [];
  for (const [key, raw] of Object.entries(object.properties ?? {})) {
    const p = resolve(doc, raw);
    const required = (object.required ?? []).includes(key);
    const label = `${p.title ?? key}${required ? " *" : ""}`;
    let input;
    let read;
    if (p.enum) {
      input = h(
        "select",
        { name: key },
        h("option", { value: "" }, ""),
        ...p.enum.map((v) => h("option", { value: String(v) }, String(v))),
      );
      read = () => (input.value === "" ? undefined : input.value);
    } else if (p.type === "boolean") {
      input = h("input", { type: "checkbox", name: key });
      read = () => input.checked;
    } else if (p.type === "integer" || p.type === "number") {
      input = h("input", { type: "number", name: key });
      read = () => (input.value === "" ? undefined : Number(input.value));
    } else if (p.type === "string") {
      input = h("input", {
        name: key,
        type: /password|secret|token/i.test(key) ? "password" : "text",
        autocomplete: "off",
      });
      read = () => (input.value === "" ? undefined : input.value);
    } else {
      input = h("textarea", { name: key, rows: 2, spellcheck: "false", placeholder: "JSON" });
      read = () => (input.value.trim() === "" ? undefined : JSON.parse(input.value));
    }
    rows.push(field(label, input, p.description).row);
    readers.push([key, read]);
  }
  return {
    rows,
    value: () =>
      Object.fromEntries(readers.map(([k, read]) => [k, read()]).filter(([, v]) => v !== undefined)),
  };
}

/**
 * The Lumos section: `info` rendered, every capability with a form made from its request's JSON Schema, the
 * envelope it answers, and paging through its results with the page token.
 * @param {HTMLElement} root
 */
export async function renderLumos(root) {
  replace(root, h("h2", null, "Lumos"), h("p", null, "Loading…"));
  const [info, openapi] = await Promise.all([
    request("GET", "/host/lumos/info"),
    request("GET", "/host/openapi.json"),
  ]);
  const doc = openapi.body;
  const capabilities = Object.entries(doc?.paths ?? {}).map(([path, item]) => ({
    name: path.replace(/^\//, ""),
    op: item.post,
  }));
  const detail = h("section", { id: "lumos-detail", "aria-label": "Capability" });

  const open = (capability) => {
    const body = capability.op.requestBody.content["application/json"].schema;
    const requestForm = schemaForm(doc, body.properties.request);
    const settingsForm = schemaForm(doc, body.properties.settings);
    const authKey = body.properties.auth ? "auth" : body.properties.credentials ? "credentials" : null;
    const authForm = authKey ? schemaForm(doc, body.properties[authKey]) : null;
    const envelope = h("pre", {
      class: "record-json",
      id: "lumos-envelope",
      "aria-label": "Response envelope",
    });
    const error = h("p", { class: "field-error", role: "alert" });
    const next = h("button", { type: "button", disabled: true }, "Next page");
    let token = null;
    const call = async (pageToken) => {
      error.textContent = "";
      let payload;
      try {
        payload = { request: requestForm.value(), settings: settingsForm.value() };
        if (authForm) payload[authKey] = authForm.value();
        if (pageToken) payload.page = { token: pageToken };
      } catch (e) {
        error.textContent = `A JSON field does not parse: ${e.message}`;
        return;
      }
      status(`Calling ${capability.name}…`);
      const answer = await request("POST", `/host/lumos/${capability.name}`, payload);
      envelope.textContent = JSON.stringify(answer.body, null, 2);
      token = answer.body?.page?.token ?? null;
      next.disabled = !token;
      status(answer.body?.is_error ? `${capability.name} answered an error` : `${capability.name} answered`);
    };
    next.addEventListener("click", () => call(token));
    const id = uid("cap");
    replace(
      detail,
      h("h3", { id }, capability.op.summary ?? capability.name),
      h(
        "form",
        { "aria-labelledby": id, onsubmit: submitted(() => call(null)) },
        h(
          "fieldset",
          null,
          h("legend", null, "Request"),
          ...(requestForm.rows.length ? requestForm.rows : [h("p", null, "No fields.")]),
        ),
        authForm
          ? h(
              "fieldset",
              null,
              h("legend", null, "Authentication (sent to the local server only)"),
              ...authForm.rows,
            )
          : null,
        settingsForm.rows.length
          ? h("fieldset", null, h("legend", null, "Settings"), ...settingsForm.rows)
          : null,
        error,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "submit", class: "primary", id: "lumos-call" }, `Call ${capability.name}`),
          next,
        ),
      ),
      envelope,
    );
  };

  const infoDoc = info.body?.response ?? info.body;
  replace(
    root,
    h("h2", null, "Lumos"),
    h(
      "details",
      null,
      h("summary", null, "App info"),
      h("pre", { class: "record-json", id: "lumos-info" }, JSON.stringify(infoDoc, null, 2)),
    ),
    h(
      "div",
      { class: "split" },
      h(
        "nav",
        { "aria-label": "Capabilities" },
        h(
          "ul",
          { class: "tree", role: "list" },
          ...capabilities.map((c) =>
            h("li", null, h("button", { type: "button", class: "leaf", onclick: () => open(c) }, c.name)),
          ),
        ),
      ),
      detail,
    ),
  );
}
