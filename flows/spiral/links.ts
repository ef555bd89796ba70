import type { Services, Translate } from '../../src/engine/index.ts';
import { allLinks } from '../../src/engine/index.ts';
import type { Group } from './types.ts';

/** What building a link needs (a flow context has it). */
type Linking = { readonly t: Translate; readonly services: Services };

/** Deep-link prefixes: `/start g_<CODE>` joins a group, `/start f_<CODE>` redeems a facilitator invitation. */
export const GROUP_LINK_PREFIX = 'g_';
export const INVITATION_LINK_PREFIX = 'f_';

/** A channel's name as people know it ("telegram" → "Telegram"). */
const channelName = (channel: string) => channel.charAt(0).toUpperCase() + channel.slice(1);

/** One localized line per channel that has a link for `payload` ("Telegram link: …"). */
export function invitationLinks(ctx: Linking, payload: string): string[] {
  return allLinks(ctx.services, payload).map(({ channel, link }) => ctx.t('spiral:link.channel', { channel: channelName(channel), link }));
}

/** How participants join: the code to type everywhere, and a link for each channel that has one. */
export function joinInstructions(ctx: Linking, group: Pick<Group, 'code'>): string {
  return [ctx.t('spiral:link.code', { code: group.code }), ...invitationLinks(ctx, `${GROUP_LINK_PREFIX}${group.code}`)].join('\n');
}
