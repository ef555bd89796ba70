import type { Address, CommandEvent, InboundEvent } from '../../src/core/types.ts';
import { parseCommand } from '../../src/core/types.ts';
import { SLACK_COMMANDS, UMBRELLA } from './commands.ts';
import type { SlackPerson } from './people.ts';

/** The fields of a Slack `message` event this adapter reads. */
export interface SlackMessage {
  type: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel?: string;
  channel_type?: string;
  ts?: string;
}

/** The fields of a slash command request this adapter reads. */
export interface SlackCommand {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  trigger_id?: string;
  /** Where later answers to this command go (Slack takes 5 within 30 minutes). */
  response_url?: string;
}


/**
 * Slack sends typed text with `&`, `<` and `>` escaped and mentions, channels and links in angle
 * brackets. The core gets what the person saw: `<@U1>` → `@U1`, `<!here>` → `@here`,
 * `<https://x|label>` → `label`, `<https://x>` → `https://x`.
 */
export function plainText(text: string): string {
  // Most typed text has nothing Slack escaped or bracketed: it is what the person saw.
  if (!text.includes('<') && !text.includes('&')) return text;
  return text
    .replace(/<([@#!])([^>|]*)(?:\|([^>]*))?>/g, (_, sigil: string, id: string, label?: string) => (label ? `${sigil === '#' ? '#' : '@'}${label}` : `${sigil === '#' ? '#' : '@'}${id.replace(/^subteam\^/, '')}`))
    .replace(/<([^>|]+)\|([^>]*)>/g, (_, _url: string, label: string) => label)
    .replace(/<([^>]+)>/g, (_, url: string) => url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The person's address in their DM with the app: the private chat of DESIGN.md. */
export function dmAddress(userId: string, dm: string): Address {
  return { channel: 'slack', chatId: dm, userId };
}

/** What Slack told about the person, as event fields. */
export function personFields(person: SlackPerson): { locale?: string; timeZone?: string; userName?: string } {
  return {
    ...(person.locale ? { locale: person.locale } : {}),
    ...(person.timeZone ? { timeZone: person.timeZone } : {}),
    ...(person.name ? { userName: person.name } : {}),
  };
}

/**
 * `event` with what Slack told about the person set on it (the event is the caller's own, made
 * for this request). Every DM passes here: plain assignments, where spreading both objects into
 * a new one took V8's slow path.
 */
export function withPerson<E extends InboundEvent>(event: E, person: SlackPerson): E {
  if (person.locale) event.locale = person.locale;
  if (person.timeZone) event.timeZone = person.timeZone;
  if (person.name) event.userName = person.name;
  return event;
}

/**
 * A message in the app's DM → a text or command event. Messages of bots (the app's own
 * included), edits, deletions and other subtypes are not a person typing: null. A file shared
 * without text becomes an empty text, so the core answers with its "type your answer" hint.
 */
export function fromDirectMessage(m: SlackMessage, eventId: string | undefined): InboundEvent | null {
  if (m.channel_type !== 'im' || !m.user || !m.channel || m.bot_id) return null;
  if (m.subtype && m.subtype !== 'file_share') return null;
  const address = dmAddress(m.user, m.channel);
  const updateId = eventId ? `e:${eventId}` : `m:${m.channel}:${m.ts}`;
  const text = m.subtype === 'file_share' ? '' : plainText(m.text ?? '');
  const command = typedCommand(text);
  if (command) return { kind: 'command', name: command.name, args: command.args, address, updateId };
  return { kind: 'text', text, address, updateId };
}

/**
 * A command typed as a message. Slack keeps a message that starts with "/" for itself (a slash
 * command), and its own advice for sending one anyway is a space before the slash: so " /back"
 * is the command back, and " /together back" is too, like the slash command. A bare word
 * ("back", "together back") stays text: it may be an idea, and Slack's way for commands is the
 * slash command, `/together back`, which works in the DM as anywhere.
 */
export function typedCommand(text: string): { name: string; args: string } | null {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('/')) return null;
  const parsed = parseCommand(trimmed);
  return parsed?.name === UMBRELLA ? commandOf({ command: `/${UMBRELLA}`, text: parsed.args }) : parsed;
}

/**
 * A slash command → the core command it names: `/together spiral K7M2QX` → spiral K7M2QX,
 * `/spiral K7M2QX` → the same, `/together` or `/together help` → help. A word that cannot be a
 * command name becomes help too, so the person sees what they can type.
 */
export function commandOf(c: Pick<SlackCommand, 'command' | 'text'>): { name: string; args: string } {
  const own = c.command.replace(/^\//, '').toLowerCase();
  const text = plainText(c.text ?? '').trim();
  if (own !== UMBRELLA && SLACK_COMMANDS.has(own)) return { name: own, args: text };
  if (!text) return { name: 'help', args: '' };
  const parsed = parseCommand(`/${text.replace(/^\/+/, '')}`);
  return parsed ?? { name: 'help', args: '' };
}

/** A slash command as the core's command event, in the person's DM. */
export function commandEvent(c: SlackCommand, dm: string): CommandEvent {
  return { kind: 'command', ...commandOf(c), address: dmAddress(c.user_id, dm), ...(c.trigger_id ? { updateId: `c:${c.trigger_id}` } : {}) };
}
