/**
 * The public API of connector-kit, one report per entry point, checked in under packages/connector-kit/api/
 * so that a change to what users can import shows in review. Made by API Extractor from the built
 * declarations (run `npm run build -w connector-kit` first).
 *
 *   node --import tsx scripts/api-report.ts           check: fails when a report differs from the build
 *   node --import tsx scripts/api-report.ts --update  rewrite the reports
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";

const sdk = resolve(import.meta.dirname, "../packages/connector-kit");
const reports = join(sdk, "api");
const update = process.argv.includes("--update");

interface ExportEntry {
  types: string;
}
const exportsMap = (
  JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")) as { exports: Record<string, ExportEntry> }
).exports;

mkdirSync(reports, { recursive: true });
let changed = 0;
for (const [subpath, entry] of Object.entries(exportsMap)) {
  const name = subpath === "." ? "connector-kit" : `connector-kit-${subpath.slice(2).replaceAll("/", "-")}`;
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: sdk,
      mainEntryPointFilePath: join(sdk, entry.types),
      compiler: { tsconfigFilePath: join(sdk, "tsconfig.build.json") },
      apiReport: {
        enabled: true,
        reportFileName: `${name}.api.md`,
        reportFolder: reports,
        reportTempFolder: join(sdk, "dist", ".api"),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // Doc-comment style is not what the report is for; unexported types that leak are.
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        extractorMessageReporting: {
          default: { logLevel: ExtractorLogLevel.None },
          "ae-forgotten-export": { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
        },
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
      },
    },
    configObjectFullPath: join(sdk, "api-extractor.json"),
    packageJsonFullPath: join(sdk, "package.json"),
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  if (result.apiReportChanged) {
    changed++;
    console.log(`${update ? "updated" : "differs"}: api/${name}.api.md (${subpath})`);
  }
  if (!result.succeeded && !result.apiReportChanged) {
    console.error(`API Extractor failed for ${subpath}`);
    process.exitCode = 1;
  }
}
if (changed && !update) {
  console.error(
    `\nThe public API changed in ${changed} entry point(s). If that is intended, run \`npm run api:update\` and commit packages/connector-kit/api/.`,
  );
  process.exitCode = 1;
} else if (!changed) console.log("API reports match the build.");
