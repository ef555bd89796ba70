// The bodies Slack sends to an app, field for field as its Events API, slash command and
// interactivity references show them (the same objects travel in Socket Mode envelopes).
import type { Identity } from './context.ts';
import { eventId as newEventId, objectId, uuid } from './ids.ts';
import { nowS, type Conversation, type StoredMessage, type UserState } from './state.ts';

/** Kept for the legacy `token` field; Bolt verifies signatures, not this. */
export const VERIFICATION_TOKEN = 'fake-verification-token';

/** The event_callback wrapper around one event. */
export function eventCallback(id: Identity, event: Record<string, unknown>, eventId = newEventId()): Record<string, unknown> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: id.teamId,
    context_team_id: id.teamId,
    context_enterprise_id: null,
    api_app_id: id.appId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: nowS(),
    authorizations: [{ enterprise_id: null, team_id: id.teamId, user_id: id.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(objectId('', 24)).toString('base64url')}`,
  };
}

const channelType = (conv: Conversation): string => (conv.kind === 'im' ? 'im' : conv.id.startsWith('G') ? 'group' : 'channel');

/** What a person's typed text looks like as rich_text (Slack adds it to every human message). */
const richText = (text: string): unknown[] => [
  { type: 'rich_text', block_id: objectId('', 5).toLowerCase(), elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] },
];

export interface MessageEventInput {
  conv: Conversation;
  user: string;
  text: string;
  ts: string;
  subtype?: string;
  botId?: string;
  threadTs?: string;
  files?: unknown[];
}

/** A `message` event (message.im in a DM, message.channels in a channel). */
export function messageEvent(id: Identity, m: MessageEventInput): Record<string, unknown> {
  const subtype = m.subtype ?? (m.files && m.files.length > 0 ? 'file_share' : undefined);
  const fromBot = m.botId !== undefined;
  return {
    type: 'message',
    ...(subtype ? { subtype } : {}),
    ...(fromBot ? { bot_id: m.botId, app_id: m.botId === id.botId ? id.appId : undefined } : { client_msg_id: uuid() }),
    text: m.text,
    user: m.user,
    ts: m.ts,
    ...(fromBot ? {} : { blocks: richText(m.text) }),
    team: id.teamId,
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.files ? { files: m.files, upload: false, display_as_bot: false } : {}),
    channel: m.conv.id,
    event_ts: m.ts,
    channel_type: channelType(m.conv),
  };
}

export function appMentionEvent(id: Identity, conv: Conversation, user: string, text: string, ts: string): Record<string, unknown> {
  return { type: 'app_mention', user, text, ts, client_msg_id: uuid(), team: id.teamId, blocks: richText(text), channel: conv.id, event_ts: ts };
}

export function appHomeOpenedEvent(user: string, conv: Conversation, view: Record<string, unknown> | undefined, eventTs: string): Record<string, unknown> {
  return { type: 'app_home_opened', user, channel: conv.id, tab: 'home', ...(view ? { view } : {}), event_ts: eventTs };
}

/** A slash command's fields (form-encoded over HTTP, an object in Socket Mode). */
export function slashCommand(id: Identity, o: { user: UserState; conv: Conversation; command: string; text: string; triggerId: string; responseUrl: string }): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: id.teamId,
    team_domain: id.teamDomain,
    channel_id: o.conv.id,
    channel_name: o.conv.kind === 'im' ? 'directmessage' : o.conv.name,
    user_id: o.user.id,
    user_name: o.user.name,
    command: o.command,
    text: o.text,
    api_app_id: id.appId,
    is_enterprise_install: 'false',
    response_url: o.responseUrl,
    trigger_id: o.triggerId,
  };
}

export interface ButtonPress {
  user: UserState;
  conv: Conversation;
  message: StoredMessage;
  ephemeral: boolean;
  actionId: string;
  blockId: string;
  value?: string;
  buttonText?: unknown;
  triggerId: string;
  responseUrl: string;
}

/** A block_actions payload for a button on a message (ephemeral messages are not included, as in Slack). */
export function blockActions(id: Identity, b: ButtonPress): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: b.user.id, username: b.user.name, name: b.user.name, team_id: id.teamId },
    api_app_id: id.appId,
    token: VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: b.message.ts, channel_id: b.conv.id, is_ephemeral: b.ephemeral },
    trigger_id: b.triggerId,
    team: { id: id.teamId, domain: id.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: b.conv.id, name: b.conv.kind === 'im' ? 'directmessage' : b.conv.name },
    ...(b.ephemeral
      ? {}
      : {
          message: {
            user: b.message.user,
            type: 'message',
            ts: b.message.ts,
            ...(b.message.botId ? { bot_id: b.message.botId, app_id: id.appId } : {}),
            text: b.message.text,
            team: id.teamId,
            ...(b.message.blocks ? { blocks: b.message.blocks } : {}),
            ...(b.message.threadTs ? { thread_ts: b.message.threadTs } : {}),
          },
        }),
    state: { values: {} },
    response_url: b.responseUrl,
    actions: [
      {
        action_id: b.actionId,
        block_id: b.blockId,
        ...(b.buttonText ? { text: b.buttonText } : {}),
        ...(b.value !== undefined ? { value: b.value } : {}),
        type: 'button',
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

/**
 * A block_actions payload for a button on a person's Home tab, as Slack sends it for a view:
 * container type 'view', the whole view, no channel, no message and no response_url.
 */
export function homeBlockActions(id: Identity, b: { user: UserState; view: Record<string, unknown>; actionId: string; blockId: string; value?: string; buttonText?: unknown; triggerId: string }): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: b.user.id, username: b.user.name, name: b.user.name, team_id: id.teamId },
    api_app_id: id.appId,
    token: VERIFICATION_TOKEN,
    container: { type: 'view', view_id: b.view.id },
    trigger_id: b.triggerId,
    team: { id: id.teamId, domain: id.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    view: structuredClone(b.view),
    state: { values: {} },
    actions: [
      {
        action_id: b.actionId,
        block_id: b.blockId,
        ...(b.buttonText ? { text: b.buttonText } : {}),
        ...(b.value !== undefined ? { value: b.value } : {}),
        type: 'button',
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

/** The button with `actionId` among a message's blocks (actions elements and section accessories). */
export function findButton(blocks: unknown[] | undefined, actionId: string): { blockId?: string; element: Record<string, unknown> } | undefined {
  for (const block of blocks ?? []) {
    const b = block as { block_id?: string; elements?: unknown[]; accessory?: unknown };
    const candidates = [...(Array.isArray(b.elements) ? b.elements : []), ...(b.accessory ? [b.accessory] : [])];
    for (const el of candidates) {
      const e = el as Record<string, unknown>;
      if (e.action_id === actionId) return { ...(b.block_id ? { blockId: b.block_id } : {}), element: e };
    }
  }
  return undefined;
}
