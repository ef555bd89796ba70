// reply_markup validation with the Bot API's error texts. Inline keyboards are
// normalised so "message is not modified" compares content, not key order.
import { badRequest } from './errors.ts';
import { json, type Params } from './params.ts';
import type { InlineButton, ReplyMarkup } from './types.ts';

const CANT_PARSE = "can't parse reply keyboard markup JSON object";
const BUTTON_ACTIONS = ['callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readReplyMarkup(p: Params): ReplyMarkup | undefined {
  const raw = json(p, 'reply_markup', CANT_PARSE);
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw badRequest(CANT_PARSE);
  if ('inline_keyboard' in raw) return { inline_keyboard: readInlineKeyboard(raw.inline_keyboard) };
  if ('keyboard' in raw) {
    if (!Array.isArray(raw.keyboard)) throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array');
    if (!raw.keyboard.every(Array.isArray)) throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
    return raw as ReplyMarkup;
  }
  if (raw.remove_keyboard === true || raw.force_reply === true) return raw as ReplyMarkup;
  throw badRequest(CANT_PARSE);
}

function readInlineKeyboard(rows: unknown): InlineButton[][] {
  if (!Array.isArray(rows)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
  return rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    return row.map(readButton);
  });
}

function readButton(button: unknown): InlineButton {
  const bad = (why: string) => badRequest(`can't parse inline keyboard button: ${why}`);
  if (!isObject(button)) throw bad('expected an Object');
  if (!('text' in button)) throw bad('Can\'t find field "text"');
  if (typeof button.text !== 'string') throw bad('Field "text" must be of type String');
  const out: InlineButton = { text: button.text };
  let actions = 0;
  for (const key of BUTTON_ACTIONS) {
    const value = button[key];
    if (value === undefined || value === null) continue;
    // An empty callback_data is read as "no action", hence a plain text button.
    if (key === 'callback_data' && value === '') continue;
    actions++;
    out[key] = value;
  }
  if (actions === 0) throw bad('Text buttons are unallowed in the inline keyboard');
  if (out.callback_data !== undefined) {
    if (typeof out.callback_data !== 'string' || Buffer.byteLength(out.callback_data, 'utf8') > 64) throw badRequest('BUTTON_DATA_INVALID');
  }
  if (out.url !== undefined && !validButtonUrl(String(out.url))) {
    throw badRequest(`inline keyboard button URL '${String(out.url)}' is invalid: Wrong HTTP URL`);
  }
  return out;
}

function validButtonUrl(url: string): boolean {
  if (/^tg:\/\//i.test(url)) return true;
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.includes('.');
  } catch {
    return false;
  }
}

/** Only inline keyboards stay attached to a message (and show up in its JSON). */
export function inlineOnly(markup: ReplyMarkup | undefined): ReplyMarkup | undefined {
  return markup?.inline_keyboard && markup.inline_keyboard.length > 0 ? markup : undefined;
}

export function sameMarkup(a: ReplyMarkup | undefined, b: ReplyMarkup | undefined): boolean {
  return JSON.stringify(inlineOnly(a) ?? null) === JSON.stringify(inlineOnly(b) ?? null);
}

export function buttonsOf(markup: ReplyMarkup | undefined): Array<Array<{ text: string; data?: string; url?: string }>> {
  const rows = markup?.inline_keyboard;
  if (!rows) return [];
  return rows.map((row) =>
    row.map((b) => ({ text: b.text, ...(b.callback_data !== undefined ? { data: b.callback_data } : {}), ...(b.url !== undefined ? { url: String(b.url) } : {}) })),
  );
}

export function hasCallbackData(markup: ReplyMarkup | undefined, data: string): boolean {
  return buttonsOf(markup).some((row) => row.some((b) => b.data === data));
}
