import { LINK_PAYLOAD } from '../channels/channel.ts';
import type { InboundEvent, Reply } from '../core/types.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Services } from './services.ts';

/**
 * Private by default: in a group chat the bot takes nothing as an answer and shows nothing
 * personal. A command or a button press there gets one short pointer to the private chat (with
 * a link that opens it where the channel has one); plain text gets nothing, since a bot that
 * answers every message of a group is spam; membership changes of a group say nothing about
 * whether the person can be reached privately.
 */
export function groupReplies(services: Services, event: InboundEvent, t: Translate): Reply[] {
  if (event.kind !== 'command' && event.kind !== 'choice') return [];
  const link = services.link(event.address.channel, event.kind === 'command' ? payloadOf(services, event.name, event.args) : undefined);
  return [{ kind: 'text', text: link ? t('common:group.pointer', { link }) : t('common:group.pointerNoLink') }];
}

/** The deep-link payload that opens the same command in the private chat, when a flow gives one. */
function payloadOf(services: Services, name: string, args: string): string | undefined {
  if (name === 'start') return LINK_PAYLOAD.test(args) ? args : undefined;
  for (const flow of services.flows.values()) {
    if (!flow.commands?.[name]) continue;
    const payload = flow.groupLink?.(name, args);
    return payload && LINK_PAYLOAD.test(payload) ? payload : undefined;
  }
  return undefined;
}
