import type { Entity } from "../../core/model/entity.js";
import { appflow, failure } from "./api.js";
import { h, messageOf, replace, status } from "./dom.js";
import { connectorContext, state } from "./state.js";
import type { AppFlowAnswer, EntityDefinition } from "./wire.js";

/** Entities listed per page of the tree. */
const PAGE = 100;

/** An entity's definition, described once per session. */
export async function describeEntity(entityIdentifier: string): Promise<EntityDefinition> {
  const known = state.definitions.get(entityIdentifier);
  if (known) return known;
  const answer = await appflow<AppFlowAnswer & { entityDefinition?: EntityDefinition }>("DescribeEntity", {
    entityIdentifier,
    connectorContext: connectorContext(),
  });
  const definition = answer.body?.entityDefinition;
  if (!answer.body?.isSuccess || !definition) throw new Error(failure(answer.body));
  state.definitions.set(entityIdentifier, definition);
  return definition;
}

const yes = (v: unknown) => (v ? "yes" : "");
const flags = (o: object | null | undefined, names: Array<[string, string]>) =>
  names
    .filter(([k]) => o && (o as Record<string, unknown>)[k])
    .map(([, label]) => label)
    .join(", ");

/** An entity's fields as a table. */
export function fieldsTable(definition: EntityDefinition): HTMLElement {
  return h(
    "table",
    { class: "fields", "aria-label": `Fields of ${definition.entity.entityIdentifier}` },
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        ...["Field", "Type", "Primary key", "Nullable", "Read", "Write", "Filter operators"].map((t) =>
          h("th", { scope: "col" }, t),
        ),
      ),
    ),
    h(
      "tbody",
      null,
      ...definition.fields.map((f) =>
        h(
          "tr",
          null,
          h(
            "th",
            { scope: "row" },
            f.fieldName,
            f.label && f.label !== f.fieldName ? h("span", { class: "hint" }, ` ${f.label}`) : null,
          ),
          h(
            "td",
            null,
            f.dataTypeLabel && f.dataTypeLabel !== f.dataType
              ? `${f.dataType} (${f.dataTypeLabel})`
              : f.dataType,
          ),
          h("td", null, yes(f.isPrimaryKey)),
          h("td", null, yes(f.readProperties?.isNullable ?? f.writeProperties?.isNullable)),
          h(
            "td",
            null,
            flags(f.readProperties, [
              ["isRetrievable", "retrievable"],
              ["isQueryable", "queryable"],
              ["isTimestampFieldForIncrementalQueries", "incremental"],
            ]),
          ),
          h(
            "td",
            null,
            flags(f.writeProperties, [
              ["isCreatable", "creatable"],
              ["isUpdatable", "updatable"],
              ["isUpsertable", "upsertable"],
              ["isDefaultedOnCreate", "defaulted"],
            ]),
          ),
          h("td", null, (f.filterOperators ?? []).join(" ") || "default"),
        ),
      ),
    ),
  );
}

/**
 * The Entities section: the entity tree, each level listed when it is opened and paged with "More", and the
 * fields of the entity chosen.
 */
export function renderEntities(root: HTMLElement): void {
  const detail = h("section", { id: "entity-detail", "aria-label": "Entity" });
  const tree = h("ul", { class: "tree", role: "list" });

  const showEntity = async (entity: Entity) => {
    replace(detail, `Describing ${entity.entityIdentifier}…`);
    try {
      const definition = await describeEntity(entity.entityIdentifier);
      replace(
        detail,
        h("h3", null, entity.label || entity.entityIdentifier),
        entity.description ? h("p", null, entity.description) : null,
        h(
          "div",
          { class: "actions" },
          h(
            "button",
            { type: "button", onclick: () => state.show("query", entity.entityIdentifier) },
            "Query it",
          ),
          entity.isWritable !== false
            ? h(
                "button",
                { type: "button", onclick: () => state.show("write", entity.entityIdentifier) },
                "Write to it",
              )
            : null,
        ),
        fieldsTable(definition),
      );
    } catch (error) {
      replace(detail, h("p", { class: "error", role: "alert" }, messageOf(error)));
    }
  };

  /** Lists one level into `list`, from `nextToken`. */
  const listLevel = async (list: HTMLElement, entitiesPath: string | null, nextToken: string | null) => {
    const answer = await appflow<AppFlowAnswer & { entities?: Entity[]; nextToken?: string | null }>(
      "ListEntities",
      {
        connectorContext: connectorContext(),
        entitiesPath,
        nextToken,
        maxResult: PAGE,
      },
    );
    const body = answer.body;
    if (!body?.isSuccess) {
      list.append(h("li", { class: "error", role: "alert" }, failure(answer.body)));
      return;
    }
    for (const entity of body.entities ?? []) {
      const label =
        entity.label && entity.label !== entity.entityIdentifier
          ? `${entity.label} (${entity.entityIdentifier})`
          : entity.entityIdentifier;
      if (entity.hasNestedEntities) {
        const children = h("ul", { role: "list", hidden: true });
        let loaded = false;
        const toggle = h("button", { type: "button", class: "branch", "aria-expanded": "false" }, label);
        toggle.addEventListener("click", async () => {
          const open = toggle.getAttribute("aria-expanded") === "true";
          toggle.setAttribute("aria-expanded", String(!open));
          children.hidden = open;
          if (!loaded) {
            loaded = true;
            await listLevel(children, entity.entityIdentifier, null);
          }
        });
        list.append(h("li", null, toggle, children));
      } else {
        list.append(
          h(
            "li",
            null,
            h("button", { type: "button", class: "leaf", onclick: () => showEntity(entity) }, label),
          ),
        );
      }
    }
    const next = body.nextToken;
    if (next) {
      const more = h("li", null);
      more.append(
        h(
          "button",
          {
            type: "button",
            class: "more",
            onclick: async () => {
              more.remove();
              await listLevel(list, entitiesPath, next);
            },
          },
          "More…",
        ),
      );
      list.append(more);
    }
  };

  replace(
    root,
    h("h2", null, "Entities"),
    h("div", { class: "split" }, h("nav", { "aria-label": "Entity tree" }, tree), detail),
  );
  status("Listing entities…");
  listLevel(tree, null, null).then(() => status(""));
}
