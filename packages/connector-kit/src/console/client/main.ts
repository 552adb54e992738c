import { appflow, failure, request } from "./api.js";
import { renderConformance } from "./conformance.js";
import { renderConnections } from "./connections.js";
import { h, messageOf, replace, status } from "./dom.js";
import { renderEntities } from "./entities.js";
import { renderFlows } from "./flows.js";
import { renderLumos } from "./lumos.js";
import { renderQuery } from "./query.js";
import { state } from "./state.js";
import type { AppFlowAnswer, ConnectorConfiguration, Session } from "./wire.js";
import { renderWrite } from "./write.js";

/** A section of the console: its tab and what draws it. */
interface Section {
  id: string;
  label: string;
  render: (root: HTMLElement, entity?: string) => unknown;
  /** Whether this session shows it. Default: always. */
  when?: () => boolean;
}

/** The sections, in the order of the navigation. */
const SECTIONS: Section[] = [
  { id: "connections", label: "Connections", render: renderConnections },
  { id: "entities", label: "Entities", render: renderEntities },
  { id: "query", label: "Query", render: renderQuery },
  { id: "write", label: "Write", render: renderWrite },
  { id: "conformance", label: "Conformance", render: renderConformance },
  { id: "flows", label: "Flows", render: renderFlows, when: () => state.session.flows },
  { id: "lumos", label: "Lumos", render: renderLumos, when: () => state.session.lumos },
];

/** How often the page asks whether the console restarted (under `connector dev --console`), in ms. */
const RELOAD_POLL_MS = 1000;

/**
 * Reloads the page once the console behind it restarted with the connector reloaded: its session answers with
 * another instance id. While it restarts the requests fail; the page keeps asking.
 */
function reloadOnRestart(instance: string): void {
  const poll = async () => {
    try {
      const answer = await fetch("/api/session", { credentials: "same-origin" });
      if (answer.ok) {
        const body = (await answer.json()) as Partial<Session>;
        if (body.instance && body.instance !== instance) {
          location.reload();
          return;
        }
      }
    } catch {
      // Restarting: ask again.
    }
    setTimeout(poll, RELOAD_POLL_MS);
  };
  setTimeout(poll, RELOAD_POLL_MS);
}

async function start(): Promise<void> {
  const main = document.getElementById("main");
  const tabs = document.getElementById("tabs");
  if (!main || !tabs) throw new Error("the page lacks its #main or #tabs element");
  const session = await request<Session & { error?: string }>("GET", "/api/session");
  if (session.status !== 200 || !session.body) {
    replace(main, h("p", { class: "error", role: "alert" }, session.body?.error ?? `HTTP ${session.status}`));
    return;
  }
  state.session = session.body;
  if (state.session.instance) reloadOnRestart(state.session.instance);
  const configuration = await appflow<AppFlowAnswer & Partial<ConnectorConfiguration>>(
    "DescribeConnectorConfiguration",
    {},
  );
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
    if (!section) return;
    for (const button of tabs.querySelectorAll<HTMLButtonElement>("button")) {
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

start().catch((error: unknown) => status(`The console could not start: ${messageOf(error)}`));
