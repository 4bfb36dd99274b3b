/** `npx shareledger <command>`: dispatches to one module per command. Returns the exit code. */
const USAGE = `usage: shareledger <command> [options]

commands:
  classify --in FILE.ndjson | --har FILE  classify recorded requests, one NDJSON line per request
  placements FILE.html...                 personalized placements in saved pages, one JSON line per file
  export --in ledger.json --format F      convert a ledger export to csv, ndjson or json
  audit URL... [--profile P] [--demo]     audit sites headlessly with the extension: verdicts, reports
`;

type Command = (args: string[]) => Promise<number>;

const stdout = (line: string) => process.stdout.write(`${line}\n`);

const COMMANDS: Record<string, Command> = {
  classify: async (args) => (await import('./classify')).runClassify(args),
  placements: async (args) => (await import('./placements')).runPlacements(args, stdout),
  export: async (args) => (await import('./export')).runExport(args),
  audit: async (args) => (await import('./audit')).runAudit(args),
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
