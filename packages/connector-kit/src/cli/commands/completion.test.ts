import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { captureCli } from "../test-support/capture-cli.js";

const script = async (shell: string) => (await captureCli(["completion", shell], ".")).stdout;

/** What bash completes for the words typed so far, with the generated script loaded. */
function bashCompletes(source: string, words: string[]): string[] {
  const program = `${source}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_connector_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["-c", program], { encoding: "utf8" }).split("\n").filter(Boolean);
}

describe("connector completion", () => {
  it("completes commands and each command's own flags in bash", async () => {
    const bash = await script("bash");
    expect(bashCompletes(bash, ["connector", "in"])).toEqual(["init", "invoke"]);
    expect(bashCompletes(bash, ["connector", "invoke", "x.ts", "--req"])).toEqual([
      "--request",
      "--request-file",
    ]);
    expect(bashCompletes(bash, ["connector", "init", "--req"])).toEqual([]);
  });

  it("completes connector console and its own flags", async () => {
    const bash = await script("bash");
    expect(bashCompletes(bash, ["connector", "cons"])).toEqual(["console"]);
    expect(bashCompletes(bash, ["connector", "console", "src/connector.ts", "--f"])).toEqual(["--flows"]);
    expect(bashCompletes(bash, ["connector", "console", "--po"])).toEqual(["--port"]);
    const fish = await script("fish");
    expect(fish).toContain(
      "complete -c connector -f -n __fish_use_subcommand -a console -d 'Open a local web console",
    );
    expect(fish).toMatch(/__fish_seen_subcommand_from console' -l flows -d 'A directory of flow files/);
  });

  it("writes zsh (through bashcompinit) and fish scripts from the same commands", async () => {
    const zsh = await script("zsh");
    expect(zsh).toMatch(/bashcompinit/);
    expect(zsh).toContain("complete -o default -F _connector_complete connector");
    const fish = await script("fish");
    expect(fish).toContain("complete -c connector -f -n __fish_use_subcommand -a invoke -d ");
    expect(fish).toMatch(
      /__fish_seen_subcommand_from invoke' -l request-file -d 'Read the request JSON from a file'/,
    );
  });

  it("refuses an unknown shell", async () => {
    const r = await captureCli(["completion", "powershell"], ".");
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/bash, zsh, fish/)]);
  });
});
