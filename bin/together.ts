/**
 * The composition root: the only place that knows the core, the flows and the adapters
 * together. Runs the `together` command line (which reads the trusted `.env` first: never
 * the one of the current directory, see src/cli/env-file.ts). Each flow adds its own
 * subcommands (`cli` in its definition); this file names none.
 */
import { runCli } from '../src/cli/program.ts';
import { allFlows } from '../flows/index.ts';
import { consoleFactory, platformChannels } from '../adapters/index.ts';

await runCli({ flows: allFlows, platformChannels, console: consoleFactory }, process.argv, (program) => {
  for (const flow of allFlows) flow.cli?.(program, allFlows);
});
