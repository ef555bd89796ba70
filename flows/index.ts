import type { Flow } from '../src/engine/index.ts';
import { onboarding } from './onboarding/index.ts';
import { privacy } from './privacy/index.ts';
import { spiral } from './spiral/index.ts';
import { caravan } from './caravan/index.ts';
import { caravanCli } from './caravan/cli.ts';

/**
 * Every flow the bot runs, in the order /help lists them. A flow brings everything of its own
 * (commands, actions, help, /mydata and /forget parts, jobs, control handlers, CLI subcommands):
 * adding one is a line here. SPIRAL's and the caravan's CLI are attached here until their
 * definitions declare `cli` themselves (their migration to defineFlow).
 */
export const allFlows: Flow[] = [onboarding, privacy, spiral, { ...caravan, cli: (program, flows) => caravanCli(flows)(program) }];
