/**
 * Headless Chromium for the console's browser tests: Debian's `chromium` (installed by `.ci/run`) driven
 * through playwright-core, with its profile in a temporary directory removed after the tests; axe-core's
 * accessibility check; and the screenshots the README shows.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";

/** Chromium's executable: `CHROMIUM_PATH`, else Debian's; null when there is none. */
export function chromiumPath(): string | null {
  for (const candidate of [process.env["CHROMIUM_PATH"], "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** Chromium, or null outside CI when it is absent; in CI (`CI` set) a missing Chromium throws. */
export function requireChromium(): string | null {
  const found = chromiumPath();
  if (!found && process.env["CI"]) {
    throw new Error("Chromium is missing in CI: .ci/run installs Debian's chromium package");
  }
  return found;
}

/** A launched browser and how to put things back. */
export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium. Playwright puts its profile and artifacts in the OS temporary directory: here,
 * `profileDir` (made with `makeTempDir` where the suite is declared, so it is removed after the suite);
 * TMPDIR is restored by `close`.
 */
export async function launchChromium(executablePath: string, profileDir: string): Promise<TestBrowser> {
  const tmpdirBefore = process.env["TMPDIR"];
  process.env["TMPDIR"] = profileDir;
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
    env: { ...process.env, TMPDIR: profileDir, HOME: profileDir },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      if (tmpdirBefore === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = tmpdirBefore;
    },
  };
}

/** The ids of axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  const axe = await import("axe-core");
  await page.evaluate(axe.default.source); // through the DevTools protocol: the page's CSP forbids inline scripts
  return page.evaluate(async () => {
    const result = await (
      globalThis as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string }[] }> };
      }
    ).axe.run();
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.id);
  });
}

/** Where the README's screenshots live: `docs/console/` at the repository's root. */
export const SCREENSHOT_DIR = join(import.meta.dirname, "../../../../../docs/console");

/**
 * Takes a screenshot of the page (PNG; the viewport, or the whole page with `fullPage`, default false) and
 * returns it. It is written to {@link SCREENSHOT_DIR}
 * only when `CONSOLE_SCREENSHOTS=update`, so an ordinary run leaves the repository as it was.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<Buffer> {
  const png = await page.screenshot({ type: "png", fullPage: options.fullPage ?? false });
  if (process.env["CONSOLE_SCREENSHOTS"] === "update") {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, `${name}.png`), png);
  }
  return png;
}
