import type { Turn } from '../../src/engine/index.ts';
import type { Group } from './types.ts';

/** Deep-link prefixes: `/start g_<CODE>` joins a group, `/start f_<CODE>` redeems a facilitator invitation. */
export const GROUP_LINK_PREFIX = 'g_';
export const INVITATION_LINK_PREFIX = 'f_';

/**
 * A Telegram start link for a message or a poster (participants mostly use Telegram, whatever
 * channel the facilitator types on): from the running Telegram channel, else from the configured
 * bot name; undefined when neither is known (the typed command is given anyway).
 */
export function startLink(turn: Turn, payload: string): string | undefined {
  const live = turn.services.link?.('telegram', payload);
  if (live) return live;
  const bot = turn.services.config.botNames?.telegram;
  return bot ? `https://t.me/${bot}?start=${payload}` : undefined;
}

/** How participants join: the code to type everywhere, and the Telegram link when there is one. */
export function joinInstructions(turn: Turn, group: Pick<Group, 'code'>): string {
  const t = turn.t;
  const link = startLink(turn, `${GROUP_LINK_PREFIX}${group.code}`);
  return [t('spiral:link.code', { code: group.code }), ...(link ? [t('spiral:link.telegram', { link })] : [])].join('\n');
}
