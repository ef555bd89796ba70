import type { Command } from 'commander';

/**
 * `together nowbeall …`: the three NOW-BE-ALL flows (proposals, moderation, theme groups) each
 * add their subcommands under one command, whichever registers first creates it.
 */
export function nowbeallCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'nowbeall') ?? program.command('nowbeall').description('NOW-BE-ALL: calls, proposals, moderation, theme groups, official answers');
}
