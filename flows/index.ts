import type { Flow } from '../src/engine/index.ts';
import { onboarding } from './onboarding/index.ts';
import { privacy } from './privacy/index.ts';

/** Every flow the bot runs, in the order /help lists them. */
export const allFlows: Flow[] = [onboarding, privacy];
