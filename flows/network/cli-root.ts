import type { Command } from 'commander';

/**
 * `together plan …`: the network's flows (the plan, reminders, digest, check-ins) each add their
 * subcommands under one command, whichever registers first creates it.
 */
export function planCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'plan') ?? program.command('plan').description("The network's action plan: import, calendar, members, groups, check-in reports");
}
