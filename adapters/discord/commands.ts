import type { ChannelInfo } from '../../src/channels/channel.ts';

/** Discord's client languages (discord.com/developers/docs/reference#locales). */
export const DISCORD_LOCALES = ['id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl', 'pt-BR', 'ro', 'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko'] as const;

/** The Discord locales a shipped language answers for: en → en-US, en-GB; es → es-ES, es-419; pt → pt-BR. */
export function discordLocales(lang: string): string[] {
  return DISCORD_LOCALES.filter((l) => l.toLowerCase().split('-')[0] === lang.toLowerCase());
}

/** A command's name as Discord takes it: lowercase letters, digits, - and _, 1 to 32. */
export const COMMAND_NAME = /^[-_a-z0-9]{1,32}$/;
const DESCRIPTION = 100;
const STRING_OPTION = 3;
const CHAT_INPUT = 1;
/** Where the commands show: servers and the bot's DM (not other people's group DMs). */
const CONTEXTS = [0, 1];

/**
 * The free-text options of each command, in the order their values become the core's args:
 * `/spiral code:K7M2QX` → `spiral K7M2QX`, `/caravan action:join stop:ro` → `caravan join ro`,
 * `/caravan stop:iasi-260512` → `caravan iasi-260512` (the caravan's shortcut for join). Commands
 * that take nothing have none; a command not listed (a flow added later) takes one `text`.
 */
export const COMMAND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  spiral: ['code'],
  caravan: ['action', 'stop'],
  start: ['code'],
  language: ['language'],
  help: [],
  mydata: [],
  forget: [],
  back: [],
  skip: [],
  done: [],
  cancel: [],
};

export function optionsOf(command: string): readonly string[] {
  return COMMAND_OPTIONS[command] ?? ['text'];
}

type Translate = (lang: string, key: string) => string;

export interface CommandPayload {
  name: string;
  description: string;
  type: number;
  contexts: number[];
  description_localizations?: Record<string, string>;
  options?: { type: number; name: string; description: string; required: false; max_length: number; description_localizations?: Record<string, string> }[];
}

const short = (s: string) => ([...s].slice(0, DESCRIPTION).join('').trim() || '…');

/** Descriptions in every shipped language, under each of its Discord locales (en → en-US and en-GB). */
function localized(info: ChannelInfo, describe: (lang: string) => string | undefined): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const lang of info.languages) {
    const text = describe(lang);
    if (!text) continue;
    for (const locale of discordLocales(lang)) out[locale] = short(text);
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The command list the other channels publish, as Discord application commands: the default
 * language's descriptions as the base, every shipped language under its Discord locale codes,
 * and the free-text options of COMMAND_OPTIONS (their descriptions from locales/<lang>/discord.json).
 * A name Discord would refuse is left out, so one odd command cannot stop the registration.
 */
export function commandPayloads(info: ChannelInfo, t: Translate): CommandPayload[] {
  const base = info.commands(info.defaultLanguage);
  const byLang = new Map(info.languages.map((lang) => [lang, new Map(info.commands(lang).map((c) => [c.command, c.description]))]));
  const seen = new Set<string>();
  const payloads: CommandPayload[] = [];
  for (const c of base) {
    const name = c.command.toLowerCase();
    if (!COMMAND_NAME.test(name) || seen.has(name)) continue;
    seen.add(name);
    const descriptions = localized(info, (lang) => byLang.get(lang)?.get(c.command));
    const options = optionsOf(name).map((option) => {
      const optionDescriptions = localized(info, (lang) => t(lang, `discord:options.${option}`));
      return {
        type: STRING_OPTION,
        name: option,
        description: short(t(info.defaultLanguage, `discord:options.${option}`)),
        required: false as const,
        max_length: 200,
        ...(optionDescriptions ? { description_localizations: optionDescriptions } : {}),
      };
    });
    payloads.push({
      name,
      description: short(c.description),
      type: CHAT_INPUT,
      contexts: CONTEXTS,
      ...(descriptions ? { description_localizations: descriptions } : {}),
      ...(options.length ? { options } : {}),
    });
  }
  // Discord takes at most 100 chat commands per scope.
  return payloads.slice(0, 100);
}

/** The core's args of a slash command: its options' values in the order COMMAND_OPTIONS gives. */
export function argsOf(command: string, values: readonly { name: string; value?: unknown }[]): string {
  const order = optionsOf(command);
  const given = new Map(values.map((v) => [v.name, v.value]));
  const known = order.map((name) => given.get(name));
  // Options of an older registration (a renamed option) still count, after the known ones.
  const other = values.filter((v) => !order.includes(v.name)).map((v) => v.value);
  return [...known, ...other]
    .filter((v) => v !== undefined && v !== null && String(v).trim() !== '')
    .map((v) => String(v).trim())
    .join(' ');
}
