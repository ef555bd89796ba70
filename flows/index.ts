import type { Flow } from '../src/engine/index.ts';
import { onboarding } from './onboarding/index.ts';
import { privacy } from './privacy/index.ts';
import { spiral } from './spiral/index.ts';
import { caravan } from './caravan/index.ts';
import { nowbeall } from './nowbeall/index.ts';
import { proposals } from './nowbeall/moderation/index.ts';
import { nbgroups } from './nowbeall/groups/index.ts';
import { plan } from './network/index.ts';
import { plandata } from './network/plan/index.ts';
import { plandigest } from './network/digest/index.ts';
import { checkin } from './network/checkins/index.ts';

/**
 * Every flow the bot runs, in the order /help lists them. A flow brings everything of its own
 * (commands, actions, help, /mydata and /forget parts, jobs, control handlers, CLI subcommands):
 * adding one is a line here.
 */
export const allFlows: Flow[] = [onboarding, privacy, spiral, caravan, nowbeall, proposals, nbgroups, plan, plandata, plandigest, checkin];
