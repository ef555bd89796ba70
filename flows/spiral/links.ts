import type { Services, Translate } from '../../src/engine/index.ts';

/** What building a link needs: a turn or a flow context. */
type Linking = { readonly t: Translate; readonly services: Services };
import { link } from '../../src/engine/index.ts';
import type { Group } from './types.ts';

/** Deep-link prefixes: `/start g_<CODE>` joins a group, `/start f_<CODE>` redeems a facilitator invitation. */
export const GROUP_LINK_PREFIX = 'g_';
export const INVITATION_LINK_PREFIX = 'f_';

// Participants mostly answer on Telegram, whatever channel the facilitator types on.
const PARTICIPANTS_CHANNEL = 'telegram';

/**
 * A start link for a message or a poster, built by the channel (running, or offline from its bot
 * name): the flow writes no platform URL. Undefined when there is none (the typed command is given anyway).
 */
export function startLink(turn: Linking, payload: string): string | undefined {
  return link(turn.services, PARTICIPANTS_CHANNEL, payload);
}

/** How participants join: the code to type everywhere, and the Telegram link when there is one. */
export function joinInstructions(turn: Linking, group: Pick<Group, 'code'>): string {
  const t = turn.t;
  const link = startLink(turn, `${GROUP_LINK_PREFIX}${group.code}`);
  return [t('spiral:link.code', { code: group.code }), ...(link ? [t('spiral:link.telegram', { link })] : [])].join('\n');
}
