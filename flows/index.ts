import type { Flow } from '../src/engine/index.ts';
import { onboarding } from './onboarding/index.ts';
import { privacy } from './privacy/index.ts';
import { spiral } from './spiral/index.ts';
import { caravan } from './caravan/index.ts';

/** Every flow the bot runs, in the order /help lists them. */
export const allFlows: Flow[] = [onboarding, privacy, spiral, caravan];
