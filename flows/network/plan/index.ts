/**
 * The network's action plan as data, for managers (issue #13, item 1): `together plan import`
 * (YAML, JSON, .ics), `add|edit|cancel|remove`, `list`, `ics`, `group add|remove|list`. No chat
 * command: members meet the plan through /plan (the `plan` flow). The file format: FORMAT.md.
 */
import { defineFlow } from '../../../src/engine/index.ts';
import { planCli } from './cli.ts';
import { control } from './control.ts';
import { serial } from './journal.ts';
import { planStats } from './stats.ts';

export const plandata = defineFlow({
  id: 'plandata',
  version: 1,
  cli: (program, flows) => planCli(flows)(program),
  control,
  stats: planStats,
  onStart(services) {
    // A change a crash interrupted is finished now, without holding the start.
    serial(services, async () => {}).catch((e) => services.log.error({ err: e }, 'plan: finishing an interrupted change failed; the next plan command tries again'));
  },
});
