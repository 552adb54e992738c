import { request } from "./api.js";
import { h, replace, status } from "./dom.js";
import type { ConsoleRun, FlowListing, Refusal, RunRow } from "./wire.js";

const SVG = "http://www.w3.org/2000/svg";

/** A line chart of records per second, as SVG. */
function rateChart(rates: number[]): SVGSVGElement {
  const width = 400;
  const height = 80;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("role", "img");
  const max = Math.max(1, ...rates);
  svg.setAttribute("aria-label", `Records per second, latest ${rates.at(-1) ?? 0}, peak ${max}`);
  const line = document.createElementNS(SVG, "polyline");
  const step = rates.length > 1 ? width / (rates.length - 1) : width;
  line.setAttribute(
    "points",
    rates
      .map((r, i) => `${(i * step).toFixed(1)},${(height - (r / max) * (height - 4)).toFixed(1)}`)
      .join(" "),
  );
  svg.append(line);
  return svg;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** One flow's history as a table. */
function historyTable(runs: RunRow[]): HTMLElement {
  if (!runs.length) return h("p", null, "No runs yet.");
  return h(
    "table",
    { class: "history", "aria-label": "Runs" },
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        ...["Run", "Status", "Started", "Read", "Written", "Failed", "Error file"].map((t) =>
          h("th", { scope: "col" }, t),
        ),
      ),
    ),
    h(
      "tbody",
      null,
      ...runs.map((r) =>
        h(
          "tr",
          { class: r.status },
          h("td", null, String(r.id)),
          h("td", null, r.status),
          h("td", null, r.startedAt.replace("T", " ").slice(0, 19)),
          h("td", null, int(r.recordsRead)),
          h("td", null, int(r.recordsWritten)),
          h("td", null, int(r.recordsFailed)),
          h("td", null, r.errorFile ?? r.error ?? ""),
        ),
      ),
    ),
  );
}

/**
 * The Flows section: the project's flow files; a run with a live progress line and a records-per-second
 * chart; each flow's history.
 */
export async function renderFlows(root: HTMLElement): Promise<void> {
  const detail = h("section", { id: "flow-detail", "aria-label": "Flow" });
  replace(root, h("h2", null, "Flows"), h("p", null, "Loading…"));
  const answer = await request<FlowListing[]>("GET", "/api/flows");
  const flows = answer.body ?? [];

  const showHistory = async (file: string) => {
    const history = await request<{ runs: RunRow[] } & Refusal>(
      "GET",
      `/api/flows/history?file=${encodeURIComponent(file)}`,
    );
    return history.status === 200 && history.body
      ? historyTable(history.body.runs)
      : h("p", { class: "error" }, history.body?.error);
  };

  const runFlow = async (flow: FlowListing) => {
    const started = await request<{ id: string } & Refusal>("POST", "/api/flows/runs", { file: flow.file });
    if (started.status !== 202 || !started.body) {
      replace(
        detail,
        h("p", { class: "error", role: "alert" }, started.body?.error ?? `HTTP ${started.status}`),
      );
      return;
    }
    const runId = started.body.id;
    const bar = h("progress", { "aria-label": `Run of ${flow.name}` });
    const line = h("p", { role: "status", id: "flow-progress" });
    const chart = h("div", { class: "chart-box" });
    const result = h("div", null);
    replace(detail, h("h3", null, `Running ${flow.name}`), bar, line, chart, result);
    for (;;) {
      await new Promise((done) => setTimeout(done, 250));
      const poll = await request<ConsoleRun & Refusal>("GET", `/api/flows/runs/${runId}`);
      const run = poll.body;
      if (poll.status !== 200 || !run) {
        replace(result, h("p", { class: "error", role: "alert" }, run?.error ?? `HTTP ${poll.status}`));
        return;
      }
      const p = run.progress;
      if (p)
        line.textContent = `${int(p.recordsRead)} read, ${int(p.recordsWritten)} written, ${int(p.recordsFailed)} errors, ${int(p.recordsPerSecond)} records/s`;
      replace(chart, rateChart(run.rates));
      if (run.state === "running") continue;
      bar.max = 1;
      bar.value = 1;
      replace(
        result,
        run.error || !run.summary
          ? h("p", { class: "error", role: "alert" }, run.error ?? "The run ended without a summary")
          : h(
              "p",
              { class: run.summary.status, id: "flow-outcome" },
              `Run ${run.summary.id}: ${run.summary.status}`,
            ),
        await showHistory(flow.file),
      );
      status(`Flow ${flow.name} ${run.error ? "failed" : (run.summary?.status ?? "ended")}`);
      return;
    }
  };

  replace(
    root,
    h("h2", null, "Flows"),
    flows.length === 0 ? h("p", null, "No flow files in the flows directory.") : null,
    h(
      "table",
      { class: "flows", "aria-label": "Flow files" },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          ...["Flow", "From", "To", "Schedule", "Next run", ""].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        null,
        ...flows.map((f) =>
          f.error
            ? h("tr", { class: "fail" }, h("td", null, f.file), h("td", { colspan: 5 }, f.error))
            : h(
                "tr",
                null,
                h(
                  "th",
                  { scope: "row" },
                  f.name,
                  f.description ? h("span", { class: "hint" }, ` ${f.description}`) : null,
                ),
                h("td", null, f.source),
                h("td", null, f.destination),
                h("td", null, f.schedule),
                h("td", null, f.nextRunAt ? f.nextRunAt.replace("T", " ").slice(0, 19) : ""),
                h(
                  "td",
                  null,
                  h("button", { type: "button", onclick: () => runFlow(f) }, `Run ${f.name}`),
                  h(
                    "button",
                    {
                      type: "button",
                      onclick: async () =>
                        replace(detail, h("h3", null, `History of ${f.name}`), await showHistory(f.file)),
                    },
                    "History",
                  ),
                ),
              ),
        ),
      ),
    ),
    detail,
  );
}
