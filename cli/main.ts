/** `npx shareledger <command>`: dispatches to one module per command. Returns the exit code. */
const USAGE = `usage: shareledger <command> [options]

commands:
  placements FILE.html...                 personalized placements in saved pages, one JSON line per file
`;

type Command = (args: string[]) => Promise<number>;

const stdout = (line: string) => process.stdout.write(`${line}\n`);

const COMMANDS: Record<string, Command> = {
  placements: async (args) => (await import('./placements')).runPlacements(args, stdout),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(name && name !== '--help' ? `shareledger: unknown command "${name}"\n\n${USAGE}` : USAGE);
    return name && name !== '--help' ? 2 : 0;
  }
  return command(args);
}
