// Bot-level methods: identity, update delivery (polling and webhooks), callback
// answers, the command menu and chat lookup.
import type { Handler } from './context.ts';
import { badRequest, conflict, Described, QUERY_TOO_OLD, WEBHOOK_ACTIVE } from './errors.ts';
import { bool, int, json, str, type Params } from './params.ts';
import type { BotCommand } from './types.ts';

const getMe: Handler = (_p, ctx) => ({
  ...ctx.state.bot,
  can_join_groups: true,
  can_read_all_group_messages: ctx.state.botReadsAllGroupMessages,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

function allowedUpdates(p: Params): string[] | undefined {
  const raw = json(p, 'allowed_updates', "can't parse allowed_updates JSON object");
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw badRequest('allowed_updates must be an Array of String');
  return raw.map(String);
}

const getUpdates: Handler = async (p, ctx) => {
  if (ctx.webhook.config) throw conflict(WEBHOOK_ACTIVE);
  const offset = int(p, 'offset');
  const limit = Math.min(100, Math.max(1, int(p, 'limit') ?? 100));
  const timeout = Math.max(0, int(p, 'timeout') ?? 0);
  ctx.queue.setAllowed(allowedUpdates(p));
  ctx.queue.confirm(offset);
  return ctx.queue.poll(limit, timeout * 1000, ctx.signal);
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const setWebhook: Handler = (p, ctx) => {
  const url = str(p, 'url') ?? '';
  if (url === '') return deleteWebhook(p, ctx);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('invalid webhook URL specified');
  }
  // Real Telegram wants public HTTPS; the fake only ever calls back into this machine.
  if (!LOOPBACK.has(parsed.hostname)) throw badRequest('bad webhook: the fake Telegram server only delivers to 127.0.0.1/localhost');
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  const secretToken = str(p, 'secret_token');
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) throw badRequest('secret token contains unallowed characters');
  const allowed = allowedUpdates(p);
  ctx.queue.setAllowed(allowed);
  if (bool(p, 'drop_pending_updates')) ctx.queue.clear();
  const same = ctx.webhook.config?.url === url;
  const ipAddress = str(p, 'ip_address');
  ctx.webhook.set({
    url,
    maxConnections: int(p, 'max_connections') ?? 40,
    ...(secretToken !== undefined ? { secretToken } : {}),
    ...(allowed !== undefined ? { allowedUpdates: allowed } : {}),
    ...(ipAddress !== undefined ? { ipAddress } : {}),
  });
  return new Described(true, same ? 'Webhook is already set' : 'Webhook was set');
};

const deleteWebhook: Handler = (p, ctx) => {
  if (bool(p, 'drop_pending_updates')) ctx.queue.clear();
  const had = ctx.webhook.config !== undefined;
  ctx.webhook.unset();
  return new Described(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
};

const getWebhookInfo: Handler = (_p, ctx) => {
  const config = ctx.webhook.config;
  const info: Record<string, unknown> = { url: config?.url ?? '', has_custom_certificate: false, pending_update_count: ctx.queue.pendingCount };
  if (!config) return info;
  if (config.ipAddress) info.ip_address = config.ipAddress;
  if (ctx.webhook.lastErrorDate) {
    info.last_error_date = ctx.webhook.lastErrorDate;
    info.last_error_message = ctx.webhook.lastErrorMessage;
  }
  info.max_connections = config.maxConnections;
  if (config.allowedUpdates) info.allowed_updates = config.allowedUpdates;
  return info;
};

const answerCallbackQuery: Handler = (p, ctx) => {
  const id = str(p, 'callback_query_id');
  const record = id === undefined ? undefined : ctx.state.callbacks.get(id);
  const expired = record !== undefined && Date.now() - record.created > ctx.callbackTimeoutMs;
  if (!record || record.answered || expired) throw badRequest(QUERY_TOO_OLD);
  const text = str(p, 'text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  const showAlert = bool(p, 'show_alert');
  const url = str(p, 'url');
  const cacheTime = int(p, 'cache_time');
  record.answered = true;
  record.answer = { ...(text !== undefined ? { text } : {}), ...(showAlert ? { show_alert: true } : {}), ...(url !== undefined ? { url } : {}), ...(cacheTime !== undefined ? { cache_time: cacheTime } : {}) };
  ctx.state.changed();
  return true;
};

/** Commands are stored per (scope, language_code); getMyCommands does no fallback, like the API. */
function commandKey(p: Params): string {
  const scope = json(p, 'scope', "can't parse BotCommandScope JSON object") as Record<string, unknown> | undefined;
  const language = str(p, 'language_code') ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return commandsKey(scope ?? { type: 'default' }, language);
}

export function commandsKey(scope: Record<string, unknown>, language: string): string {
  const { type = 'default', chat_id, user_id } = scope;
  return JSON.stringify([type, chat_id ?? null, user_id ?? null, language]);
}

function readCommands(p: Params): BotCommand[] {
  const raw = json(p, 'commands', "can't parse commands JSON object");
  if (!Array.isArray(raw)) throw badRequest('field "commands" must be an Array');
  if (raw.length > 100) throw badRequest('too many commands specified');
  return raw.map((item: unknown) => {
    const c = item as Partial<BotCommand>;
    const command = String(c?.command ?? '').replace(/^\//, '');
    const description = String(c?.description ?? '');
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (description.trim().length === 0 || description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    return { command, description };
  });
}

const setMyCommands: Handler = (p, ctx) => {
  const commands = readCommands(p);
  ctx.state.commands.set(commandKey(p), commands);
  ctx.state.changed();
  return true;
};

const getMyCommands: Handler = (p, ctx) => ctx.state.commands.get(commandKey(p)) ?? [];

const deleteMyCommands: Handler = (p, ctx) => {
  ctx.state.commands.delete(commandKey(p));
  ctx.state.changed();
  return true;
};

const getChat: Handler = (p, ctx) => {
  const chat = ctx.state.resolveChat(p);
  return { ...chat.chat, accent_color_id: 0, max_reaction_count: 11 };
};

export const botMethods: Record<string, Handler> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  answerCallbackQuery,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  getChat,
};
