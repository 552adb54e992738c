import { request } from "./api.js";
import { field, h, messageOf, replace, status, submitted, uid } from "./dom.js";

/** The parts of a JSON Schema the forms read. */
interface JsonSchema {
  $ref?: string;
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** The parts of the host's OpenAPI document the section reads: one POST per capability. */
interface OpenApiDoc {
  paths?: Record<
    string,
    {
      post?: {
        summary?: string;
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      };
    }
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** A capability: its name (the path) and its request body's schema. */
interface Capability {
  name: string;
  summary: string;
  body: JsonSchema;
}

/** A Lumos answer's envelope, as far as the page reads it. */
interface Envelope {
  is_error?: boolean;
  page?: { token?: string | null } | null;
}

/** A schema with its `$ref` followed into the document's components. */
function resolve(doc: OpenApiDoc, schema: JsonSchema | undefined): JsonSchema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = doc.components?.schemas?.[s.$ref.split("/").pop() ?? ""];
  return s ?? {};
}

type Reader = () => unknown;

/** Nested object levels drawn as fields; deeper ones are JSON text. */
const MAX_DEPTH = 3;

/**
 * Form controls for an object schema's properties: text, number, checkbox or a list of options for scalar
 * properties, a nested group for objects with declared properties (up to {@link MAX_DEPTH} levels), JSON text
 * for the others. Returns the form's rows and a function reading its value.
 */
function schemaForm(
  doc: OpenApiDoc,
  schema: JsonSchema | undefined,
  depth = 0,
): { rows: HTMLElement[]; value: () => Record<string, unknown> } {
  const object = resolve(doc, schema);
  const rows: HTMLElement[] = [];
  const readers: Array<[string, Reader]> = [];
  for (const [key, raw] of Object.entries(object.properties ?? {})) {
    const p = resolve(doc, raw);
    const required = (object.required ?? []).includes(key);
    const label = `${p.title ?? key}${required ? " *" : ""}`;
    if (p.type === "object" && p.properties && depth < MAX_DEPTH) {
      // A nested object (credentials, for one) gets its own fields, so secrets are masked inputs, not JSON.
      const nested = schemaForm(doc, p, depth + 1);
      rows.push(h("fieldset", null, h("legend", null, label), ...nested.rows));
      readers.push([
        key,
        () => {
          const value = nested.value();
          return Object.keys(value).length === 0 ? undefined : value;
        },
      ]);
      continue;
    }
    let input: HTMLElement;
    let read: Reader;
    if (p.enum) {
      const select = h(
        "select",
        { name: key },
        h("option", { value: "" }, ""),
        ...p.enum.map((v) => h("option", { value: String(v) }, String(v))),
      );
      input = select;
      read = () => (select.value === "" ? undefined : select.value);
    } else if (p.type === "boolean") {
      // Three states, not a checkbox: unset leaves the connector's default (which may be true).
      const choice = h(
        "select",
        { name: key },
        h("option", { value: "" }, ""),
        h("option", { value: "true" }, "true"),
        h("option", { value: "false" }, "false"),
      );
      input = choice;
      read = () => (choice.value === "" ? undefined : choice.value === "true");
    } else if (p.type === "integer" || p.type === "number") {
      const number = h("input", { type: "number", name: key });
      input = number;
      read = () => (number.value === "" ? undefined : Number(number.value));
    } else if (p.type === "string") {
      const text = h("input", {
        name: key,
        type: /password|secret|token/i.test(key) ? "password" : "text",
        autocomplete: "off",
      });
      input = text;
      read = () => (text.value === "" ? undefined : text.value);
    } else {
      const json = h("textarea", { name: key, rows: 2, spellcheck: "false", placeholder: "JSON" });
      input = json;
      read = () => (json.value.trim() === "" ? undefined : (JSON.parse(json.value) as unknown));
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
 */
export async function renderLumos(root: HTMLElement): Promise<void> {
  replace(root, h("h2", null, "Lumos"), h("p", null, "Loading…"));
  const [info, openapi] = await Promise.all([
    request<{ response?: unknown }>("GET", "/host/lumos/info"),
    request<OpenApiDoc>("GET", "/host/openapi.json"),
  ]);
  const doc: OpenApiDoc = openapi.body ?? {};
  const capabilities: Capability[] = Object.entries(doc.paths ?? {}).flatMap(([path, item]) => {
    const body = item.post?.requestBody?.content?.["application/json"]?.schema;
    if (!item.post || !body) return [];
    const name = path.replace(/^\//, "");
    return [{ name, summary: item.post.summary ?? name, body: resolve(doc, body) }];
  });
  const detail = h("section", { id: "lumos-detail", "aria-label": "Capability" });

  const open = (capability: Capability) => {
    const properties = capability.body.properties ?? {};
    const requestForm = schemaForm(doc, properties["request"]);
    const settingsForm = schemaForm(doc, properties["settings"]);
    const authKey = properties["auth"] ? "auth" : properties["credentials"] ? "credentials" : null;
    const authForm = authKey ? schemaForm(doc, properties[authKey]) : null;
    const envelope = h("pre", {
      class: "record-json",
      tabindex: 0, // scrollable: reachable by keyboard
      id: "lumos-envelope",
      "aria-label": "Response envelope",
    });
    const error = h("p", { class: "field-error", role: "alert" });
    const next = h("button", { type: "button", disabled: true }, "Next page");
    const pageSize = h("input", {
      type: "number",
      min: 1,
      name: "page-size",
      placeholder: "the connector's",
    });
    const pageSizeField = field(
      "Page size",
      pageSize,
      "page.size of the request; empty: the connector's default",
    );
    let token: string | null = null;
    const call = async (pageToken: string | null) => {
      error.textContent = "";
      let payload: Record<string, unknown>;
      try {
        payload = { request: requestForm.value(), settings: settingsForm.value() };
        if (authForm && authKey) payload[authKey] = authForm.value();
        const size = pageSize.value === "" ? undefined : Number(pageSize.value);
        if (pageToken || size !== undefined) {
          payload["page"] = { ...(pageToken ? { token: pageToken } : {}), ...(size ? { size } : {}) };
        }
      } catch (e) {
        error.textContent = `A JSON field does not parse: ${messageOf(e)}`;
        return;
      }
      status(`Calling ${capability.name}…`);
      const answer = await request<Envelope>("POST", `/host/lumos/${capability.name}`, payload);
      envelope.textContent = JSON.stringify(answer.body, null, 2);
      token = answer.body?.page?.token ?? null;
      next.disabled = !token;
      status(answer.body?.is_error ? `${capability.name} answered an error` : `${capability.name} answered`);
    };
    next.addEventListener("click", () => call(token));
    const id = uid("cap");
    replace(
      detail,
      h("h3", { id }, capability.summary),
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
        pageSizeField.row,
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
      h("pre", { class: "record-json", id: "lumos-info", tabindex: 0 }, JSON.stringify(infoDoc, null, 2)),
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
