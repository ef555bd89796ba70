import { defineFlow } from '../../../src/engine/index.ts';

/** The weekly digest (members' Monday 09:00, and chats that receive it). Built in digest/. */
export const plandigest = defineFlow({ id: 'plandigest', version: 1 });
