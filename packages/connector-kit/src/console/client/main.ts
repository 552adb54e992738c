import { appflow, failure, request } from "./api.js";
import { renderConnections } from "./connections.js";
import { h, replace, status } from "./dom.js";
import { renderEntities } from "./entities.js";
import { renderFlows } from "./flows.js";
import { renderLumos } from "./lumos.js";
import { renderQuery } from "./query.js";
import { state } from "./state.js";
import { renderConformance, renderWrite } from "./write.js";

/** The sections, in the order of the navigation. */
const SECTIONS = [
  { id: "connections", label: "Connections", render: renderConnections },
  { id: "entities", label: "Entities", render: renderEntities },
  { id: "query", label: "Query", render: renderQuery },
  { id: "write", label: "Write", render: renderWrite },
  { id: "conformance", label: "Conformance", render: renderConformance },
  { id: "flows", label: "Flows", render: renderFlows, when: () => state.session.flows },
  { id: "lumos", label: "Lumos", render: renderLumos, when: () => state.session.lumos },
];

async function start() {
  const main = document.getElementById("main");
  const tabs = document.getElementById("tabs");
  const session = await request("GET", "/api/session");
  if (session.status !== 200) {
    replace(main, h("p", { class: "error", role: "alert" }, session.body?.error ?? `HTTP ${session.status}`));
    return;
  }
  state.session = session.body;
  const configuration = await appflow("DescribeConnectorConfiguration", {});
  if (!configuration.body?.isSuccess) {
    replace(
      main,
      h(
        "p",
        { class: "error", role: "alert" },
        `The connector's configuration: ${failure(configuration.body)}`,
      ),
    );
    return;
  }
  state.configuration = configuration.body;
  state.connection = state.session.connections[0] ?? null;
  const shown = SECTIONS.filter((s) => !s.when || s.when());
  state.show = (id, entity) => {
    const section = shown.find((s) => s.id === id) ?? shown[0];
    for (const button of tabs.querySelectorAll("button")) {
      if (button.dataset.section === section.id) button.setAttribute("aria-current", "page");
      else button.removeAttribute("aria-current");
    }
    status("");
    const root = h("section", { id: `section-${section.id}`, "aria-labelledby": `tab-${section.id}` });
    replace(main, root);
    section.render(root, entity);
  };
  replace(
    tabs,
    ...shown.map((s) =>
      h(
        "li",
        null,
        h(
          "button",
          { type: "button", id: `tab-${s.id}`, "data-section": s.id, onclick: () => state.show(s.id) },
          s.label,
        ),
      ),
    ),
  );
  state.show("connections");
}

start().catch((error) => status(`The console could not start: ${error.message}`));
