// Who is who: auth.test, team.info, bots.info, users.info, conversations.open/info/history, views.publish, and
// apps.connections.open (the app-level token's door to Socket Mode).
import { validateHomeView } from './blocks.ts';
import { bot, type Ctx, type Method } from './context.ts';
import { SlackError } from './errors.ts';
import { objectId } from './ids.ts';
import { bool, str, structured, type Params } from './params.ts';
import type { UserState } from './state.ts';

function authTest(_p: Params, ctx: Ctx): Record<string, unknown> {
  const { id } = ctx;
  return { url: `https://${id.teamDomain}.slack.com/`, team: id.teamName, user: id.botName, team_id: id.teamId, user_id: id.botUserId, bot_id: id.botId, is_enterprise_install: false };
}

function teamInfo(_p: Params, ctx: Ctx): Record<string, unknown> {
  const { id } = ctx;
  return { team: { id: id.teamId, name: id.teamName, url: `https://${id.teamDomain}.slack.com/`, domain: id.teamDomain, email_domain: '', icon: { image_default: true }, is_verified: false } };
}

/** Formatters by zone and style: making one costs far more than using it, and users.info is asked for many people at once in the benchmark. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string, style: 'long' | 'longOffset'): Intl.DateTimeFormat {
  const key = `${tz} ${style}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style })));
  return f;
}

/** tz_label and tz_offset (seconds east of UTC) as users.info gives them, from the IANA zone. */
function zone(tz: string): { tz_label: string; tz_offset: number } {
  const part = (style: 'long' | 'longOffset'): string => formatter(tz, style).formatToParts(new Date()).find((x) => x.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'));
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
  return { tz_label: part('long'), tz_offset: offset };
}

function userObject(u: UserState, ctx: Ctx, withLocale: boolean): Record<string, unknown> {
  return {
    id: u.id,
    team_id: ctx.id.teamId,
    name: u.name,
    deleted: u.deleted,
    color: '9f69e7',
    real_name: u.name,
    tz: u.tz,
    ...zone(u.tz),
    profile: { real_name: u.name, real_name_normalized: u.name, display_name: u.name, display_name_normalized: u.name, team: ctx.id.teamId },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: false,
    is_app_user: false,
    updated: 1_700_000_000,
    // Slack gives the locale only to callers that ask for it.
    ...(withLocale ? { locale: u.locale } : {}),
  };
}

function usersInfo(p: Params, ctx: Ctx): Record<string, unknown> {
  const id = str(p, 'user');
  if (id === ctx.id.botUserId) {
    return { user: { id, team_id: ctx.id.teamId, name: ctx.id.botName, deleted: false, real_name: ctx.id.botName, is_bot: true, is_app_user: false, profile: { bot_id: ctx.id.botId, api_app_id: ctx.id.appId, real_name: ctx.id.botName, display_name: '' } } };
  }
  const user = id ? ctx.state.users.get(id) : undefined;
  if (!user) throw new SlackError('user_not_found');
  return { user: userObject(user, ctx, bool(p, 'include_locale')) };
}

function conversationsOpen(p: Params, ctx: Ctx): Record<string, unknown> {
  const channel = str(p, 'channel');
  if (channel) {
    const conv = ctx.state.resolve(channel);
    if (!conv) throw new SlackError('channel_not_found');
    return { channel: { id: conv.id } };
  }
  const users = (str(p, 'users') ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (users.length === 0) throw new SlackError('users_list_not_supplied');
  // The fake models the bot's 1:1 DMs only; group DMs (MPIMs) are out of its scope.
  if (users.length > 1) throw new SlackError('method_not_supported_for_channel_type');
  const userId = users[0] as string;
  const user = ctx.state.users.get(userId);
  if (!user || user.deleted) throw new SlackError('user_not_found');
  const existed = ctx.state.hasDm(userId);
  const conv = ctx.state.dmOf(userId);
  ctx.state.changed();
  const full = { id: conv.id, created: conv.created, is_im: true, is_org_shared: false, user: userId, last_read: '0000000000.000000', latest: null, unread_count: 0, unread_count_display: 0, is_open: true, priority: 0 };
  return { ...(existed ? { no_op: true, already_open: true } : {}), channel: bool(p, 'return_im') ? full : { id: conv.id } };
}

function conversationsInfo(p: Params, ctx: Ctx): Record<string, unknown> {
  const channel = str(p, 'channel');
  const conv = channel ? ctx.state.conversations.get(channel) : undefined;
  if (!conv) throw new SlackError('channel_not_found');
  if (conv.kind === 'im') {
    const deleted = conv.userId ? (ctx.state.users.get(conv.userId)?.deleted ?? false) : false;
    return { channel: { id: conv.id, created: conv.created, is_im: true, is_org_shared: false, user: conv.userId, is_user_deleted: deleted, priority: 0 } };
  }
  return {
    channel: { id: conv.id, name: conv.name, is_channel: true, is_group: false, is_im: false, is_private: false, is_archived: false, is_general: false, is_member: true, created: conv.created, ...(conv.members ? { num_members: conv.members.length } : {}) },
  };
}

function viewsPublish(p: Params, ctx: Ctx): Record<string, unknown> {
  const userId = str(p, 'user_id');
  if (!userId) throw new SlackError('invalid_arguments', ['[ERROR] missing required field: user_id']);
  const user = ctx.state.users.get(userId);
  if (!user || user.deleted) throw new SlackError('user_not_found');
  const view = validateHomeView(structured(p, 'view', 'invalid_arguments'));
  const previous = ctx.state.homeViews.get(userId);
  const viewId = typeof previous?.id === 'string' ? previous.id : objectId('V');
  const stored = {
    id: viewId,
    team_id: ctx.id.teamId,
    type: 'home',
    blocks: view.blocks,
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    external_id: view.external_id ?? '',
    state: { values: {} },
    hash: `${Date.now()}.${objectId('', 8)}`,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: viewId,
    previous_view_id: null,
    app_id: ctx.id.appId,
    app_installed_team_id: ctx.id.teamId,
    bot_id: ctx.id.botId,
  };
  ctx.state.homeViews.set(userId, stored);
  ctx.state.changed();
  return { view: stored };
}

/** bots.info: the app's own bot (its app_id makes app_redirect links); any other id is bot_not_found. */
function botsInfo(p: Params, ctx: Ctx): Record<string, unknown> {
  const id = str(p, 'bot');
  if (id !== ctx.id.botId) throw new SlackError('bot_not_found');
  return { bot: { id, deleted: false, name: ctx.id.botName, updated: 1_700_000_000, app_id: ctx.id.appId, user_id: ctx.id.botUserId, icons: {} } };
}

/**
 * conversations.history: newest first, between `oldest` and `latest` (exclusive unless
 * `inclusive`), at most `limit` (default 100), deleted messages left out; no cursor paging.
 */
function conversationsHistory(p: Params, ctx: Ctx): Record<string, unknown> {
  const conv = ctx.state.resolve(str(p, 'channel') ?? '');
  if (!conv || conv.id.startsWith('U')) throw new SlackError('channel_not_found');
  const inclusive = bool(p, 'inclusive');
  const oldest = Number(str(p, 'oldest') ?? '0');
  const latest = Number(str(p, 'latest') ?? 'Infinity');
  const limit = Math.max(1, Math.min(Number(str(p, 'limit') ?? '100') || 100, 999));
  const inRange = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
  const found = conv.messages.filter((m) => !m.deleted && inRange(Number(m.ts))).reverse();
  const messages = found.slice(0, limit).map((m) => ({
    type: 'message',
    ts: m.ts,
    user: m.user,
    text: m.text,
    ...(m.botId ? { bot_id: m.botId, app_id: ctx.id.appId } : {}),
    ...(m.blocks ? { blocks: structuredClone(m.blocks) } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.editedTs ? { edited: { user: m.user, ts: m.editedTs } } : {}),
  }));
  return { messages, has_more: found.length > limit, pin_count: 0, response_metadata: { next_cursor: '' } };
}

function connectionsOpen(_p: Params, ctx: Ctx): Record<string, unknown> {
  return { url: ctx.socketUrl() };
}

export const workspaceMethods: Record<string, Method> = {
  'auth.test': bot(authTest),
  'team.info': bot(teamInfo),
  'users.info': bot(usersInfo),
  'conversations.open': bot(conversationsOpen),
  'conversations.info': bot(conversationsInfo),
  'conversations.history': bot(conversationsHistory),
  'bots.info': bot(botsInfo),
  'views.publish': bot(viewsPublish),
  'apps.connections.open': { handler: connectionsOpen, token: 'app' },
};
