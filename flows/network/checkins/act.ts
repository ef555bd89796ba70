/** The check-in's buttons outside a step (letters, cards, the home screen): namespaced by the engine (`#checkin.<name>:<arg>`). */
import type { Choice } from '../../../src/core/types.ts';
import { checkin } from './index.ts';

/** `q`: answer a question (`<round ref>.<question>`); `skip`: skip a whole round (its ref); `next`: show the first round waiting. */
export type CheckinAction = 'q' | 'skip' | 'next';

export const act = (label: string, name: CheckinAction, arg?: string): Choice => checkin.button(label, name, arg);
