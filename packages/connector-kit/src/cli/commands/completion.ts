import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { COMMANDS } from "./index.js";

const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = (typeof SHELLS)[number];

interface CommandWords {
  name: string;
  summary: string;
  flags: Array<{ name: string; description: string }>;
}

/** Every command with its flags; a command whose module cannot load here (a missing peer) offers none. */
async function commandWords(): Promise<CommandWords[]> {
  return Promise.all(
    COMMANDS.map(async (entry) => {
      const command: Command | undefined = await entry.load().catch(() => undefined);
      const flags = command?.flags ?? COMMON_FLAGS;
      return {
        name: entry.name,
        summary: entry.summary,
        flags: Object.entries(flags).map(([name, f]) => ({ name, description: f.description })),
      };
    }),
  );
}

/** Single-quoted for a POSIX shell or fish. */
const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function bash(commands: CommandWords[]): string {
  const cases = commands
    .map((c) => `    ${c.name}) flags=${quoted(c.flags.map((f) => `--${f.name}`).join(" "))} ;;`)
    .join("\n");
  return `# connector completion for bash (and zsh through bashcompinit)
_connector_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" flags=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${quoted(["help", ...commands.map((c) => c.name)].join(" "))} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o default -F _connector_complete connector
`;
}

function zsh(commands: CommandWords[]): string {
  return `# connector completion for zsh
autoload -U +X bashcompinit && bashcompinit
${bash(commands).split("\n").slice(1).join("\n")}`;
}

function fish(commands: CommandWords[]): string {
  const lines = ["# connector completion for fish", "complete -c connector -e"];
  for (const c of commands) {
    lines.push(`complete -c connector -f -n __fish_use_subcommand -a ${c.name} -d ${quoted(c.summary)}`);
    for (const f of c.flags) {
      lines.push(
        `complete -c connector -n ${quoted(`__fish_seen_subcommand_from ${c.name}`)} -l ${f.name} -d ${quoted(f.description)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

export const completionCommand: Command = {
  name: "completion",
  usage: "<bash|zsh|fish>",
  flags: { help: COMMON_FLAGS["help"]! },
  examples: [
    'eval "$(connector completion bash)"            # in ~/.bashrc',
    'eval "$(connector completion zsh)"             # in ~/.zshrc',
    "connector completion fish > ~/.config/fish/completions/connector.fish",
  ],
  async run({ positionals }, io) {
    const [shell] = positionals;
    if (!SHELLS.includes(shell as Shell)) throw new UsageError(`Give a shell: ${SHELLS.join(", ")}`);
    const commands = await commandWords();
    io.stdout({ bash, zsh, fish }[shell as Shell](commands));
    return 0;
  },
};
