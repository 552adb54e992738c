import { h, replace, status } from "./dom.js";
import { state } from "./state.js";
import type { CheckResult, ConformanceEvent, ConformanceReport } from "./wire.js";

/** A check as a row of the report's table. */
function checkRow(c: CheckResult): HTMLElement {
  return h(
    "tr",
    { class: c.status },
    h("td", null, c.phase),
    h("td", null, c.title),
    h("td", null, c.status),
    h("td", null, c.message ?? ""),
    h("td", null, Math.round(c.durationMs)),
  );
}

/**
 * Reads the server's stream of conformance events (one JSON object a line) as they arrive, calling `onEvent`
 * for each. Returns once the stream ends.
 */
async function readEvents(response: Response, onEvent: (event: ConformanceEvent) => void): Promise<void> {
  if (!response.body) throw new Error("the conformance stream has no body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) onEvent(JSON.parse(line) as ConformanceEvent);
      newline = buffered.indexOf("\n");
    }
    if (done) return;
  }
}

/**
 * The Conformance section: the suite `connector test` runs, with the connection in use. Checks are listed as
 * they complete (the server streams them), then the summary.
 */
export function renderConformance(root: HTMLElement): void {
  const report = h("div", { id: "conformance-report" });
  const progress = h("progress", {
    id: "conformance-progress",
    hidden: true,
    "aria-label": "Conformance run",
  });
  const run = h("button", { type: "button", class: "primary", id: "conformance-run" }, "Run the suite");
  run.addEventListener("click", async () => {
    const connection = state.connection;
    if (!connection?.name) {
      replace(report, h("p", { class: "error", role: "alert" }, "Save a connection first (Connections)"));
      return;
    }
    run.disabled = true;
    progress.hidden = false;
    progress.removeAttribute("value"); // indeterminate: the number of checks is known only at the end
    const rows = h("tbody", { id: "conformance-checks" });
    const summary = h("p", { id: "conformance-summary", role: "status" }, "Running…");
    replace(
      report,
      summary,
      h(
        "table",
        { class: "checks", "aria-label": "Checks" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            ...["Phase", "Check", "Status", "Detail", "ms"].map((t) => h("th", { scope: "col" }, t)),
          ),
        ),
        rows,
      ),
    );
    const done = (r: ConformanceReport) => {
      // Checks that failed before the suite could start come only in the report.
      if (rows.childElementCount !== r.checks.length) replace(rows, ...r.checks.map(checkRow));
      summary.className = r.ok ? "pass" : "fail";
      summary.textContent = `${r.ok ? "Conformant" : "Not conformant"}: ${r.summary.passed} passed, ${r.summary.failed} failed, ${r.summary.skipped} skipped in ${Math.round(r.durationMs)} ms`;
      status(
        `Conformance: ${r.summary.passed} passed, ${r.summary.failed} failed, ${r.summary.skipped} skipped`,
      );
    };
    const fail = (message: string) => {
      summary.className = "error";
      summary.textContent = message;
      status("The conformance run failed");
    };
    try {
      const response = await fetch("/api/conformance/stream", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ connection: connection.name }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        fail(body?.error ?? `HTTP ${response.status}`);
      } else {
        await readEvents(response, (event) => {
          if (event.type === "check") {
            rows.append(checkRow(event.check));
            summary.textContent = `Running… checks done: ${event.index + 1}`;
            status(`Conformance: ${event.check.title} (${event.check.status})`);
          } else if (event.type === "report") done(event.report);
          else fail(event.error);
        });
      }
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    } finally {
      run.disabled = false;
      progress.hidden = true;
    }
  });
  replace(
    root,
    h("h2", null, "Conformance"),
    h(
      "p",
      null,
      "The same checks as connector test, with the connection in use. Configured writes are not run.",
    ),
    h("div", { class: "actions" }, run, progress),
    report,
  );
}
