/**
 * The plan's manager commands (issue #13, part A) as the CLI sends them, run in the test's own
 * process through the `plandata` flow's control handlers, with whatever clock the bot has.
 */
import { readFileSync } from 'node:fs';
import type { Services, Store } from '../../src/engine/index.ts';
import { plandata } from '../../flows/network/plan/index.ts';
import type { Answer } from '../../flows/network/plan/control.ts';
import { networkRecords } from '../../flows/network/records.ts';

export const EXAMPLE_PLAN = readFileSync(new URL('../../examples/action-plan.yaml', import.meta.url), 'utf8');

export async function planCmd(services: Services, command: string, args: Record<string, unknown> = {}): Promise<Answer> {
  const handler = plandata.control?.[command];
  if (!handler) throw new Error(`no control command ${command}`);
  return (await handler(services, args, () => {})) as Answer;
}

/** Imports a file's text as `together plan import <name>` would. */
export const importPlan = (services: Services, name: string, text: string, extra: Record<string, unknown> = {}) => planCmd(services, 'plan.import', { name, text, ...extra });

/** The message a refused command prints on stderr. */
export async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the command was not refused');
}

/** How many records each of the plan's collections holds. */
export async function planCounts(store: Store): Promise<Record<string, number>> {
  const r = networkRecords(store);
  return { phases: await r.phases.count(), axes: await r.axes.count(), groups: await r.groups.count(), activities: await r.activities.count(), events: await r.events.count() };
}
