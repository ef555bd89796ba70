// Application command registration checks, as Discord applies them to PUT (bulk overwrite) and
// POST: chat-input names 1–32 lowercase characters, descriptions 1–100, Discord's locale codes in
// the *_localizations maps, ≤ 100 commands, ≤ 25 options, required options first, unique names.
import { invalidFormBody, type FieldError } from './errors.ts';

/** Discord's locale codes (Reference › Locales). */
export const DISCORD_LOCALES = new Set([
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl', 'pt-BR', 'ro', 'fi',
  'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko',
]);

// Discord's documented pattern for chat-input names (letters/numbers of any script, -, _, ').
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_COMMANDS = 100;
const MAX_OPTIONS = 25;

type Path = (string | number)[];
type Body = Record<string, unknown>;

export function validateCommands(list: unknown): void {
  if (!Array.isArray(list)) throw invalidFormBody([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be a valid array.' }]);
  const problems: FieldError[] = [];
  if (list.length > MAX_COMMANDS) problems.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MAX_COMMANDS} or fewer in length.` });
  const names = new Set<string>();
  list.forEach((c: Body, i) => {
    problems.push(...validateCommand(c, [i]));
    const key = `${String(c?.type ?? 1)}:${String(c?.name)}`;
    if (names.has(key)) problems.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
    names.add(key);
  });
  if (problems.length > 0) throw invalidFormBody(problems);
}

export function validateCommand(c: Body, path: Path): FieldError[] {
  if (typeof c !== 'object' || c === null) return [{ path, code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }];
  const type = c.type ?? 1;
  const chatInput = type === 1;
  const problems = [...nameAndDescription(c, path, chatInput)];
  if (c.options !== undefined) problems.push(...validateOptions(c.options, [...path, 'options'], 0));
  return problems;
}

function nameAndDescription(c: Body, path: Path, chatInput: boolean): FieldError[] {
  const problems: FieldError[] = [];
  problems.push(...checkName(c.name, [...path, 'name'], chatInput));
  if (chatInput) problems.push(...checkDescription(c.description, [...path, 'description']));
  problems.push(...checkLocalizations(c.name_localizations, [...path, 'name_localizations'], (v, p) => checkName(v, p, chatInput)));
  if (chatInput) problems.push(...checkLocalizations(c.description_localizations, [...path, 'description_localizations'], checkDescription));
  return problems;
}

function checkName(name: unknown, path: Path, chatInput: boolean): FieldError[] {
  if (typeof name !== 'string' || name.length === 0) return [{ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  if (name.length > 32) return [{ path, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 32 in length.' }];
  if (chatInput && (!NAME.test(name) || name !== name.toLowerCase())) {
    return [{ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }];
  }
  return [];
}

function checkDescription(description: unknown, path: Path): FieldError[] {
  if (typeof description !== 'string' || description.length === 0) return [{ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  if ([...description].length > 100) return [{ path, code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }];
  return [];
}

function checkLocalizations(map: unknown, path: Path, check: (v: unknown, p: Path) => FieldError[]): FieldError[] {
  if (map === undefined || map === null) return [];
  if (typeof map !== 'object') return [{ path, code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }];
  const problems: FieldError[] = [];
  for (const [locale, value] of Object.entries(map)) {
    if (!DISCORD_LOCALES.has(locale)) {
      problems.push({ path: [...path, locale], code: 'ENUM_TYPE_COERCE', message: `Value "${locale}" is not a valid enum value.` });
    } else problems.push(...check(value, [...path, locale]));
  }
  return problems;
}

function validateOptions(options: unknown, path: Path, depth: number): FieldError[] {
  if (!Array.isArray(options)) return [{ path, code: 'BASE_TYPE_ARRAY', message: 'Must be a valid array.' }];
  const problems: FieldError[] = [];
  if (options.length > MAX_OPTIONS) problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${MAX_OPTIONS} or fewer in length.` });
  let optionalSeen = false;
  options.forEach((o: Body, i) => {
    const p = [...path, i];
    if (typeof o?.type !== 'number' || o.type < 1 || o.type > 11) {
      problems.push({ path: [...p, 'type'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11).' });
      return;
    }
    problems.push(...nameAndDescription(o, p, true));
    const group = o.type === 1 || o.type === 2;
    if (group && depth >= (o.type === 2 ? 1 : 2)) problems.push({ path: [...p, 'type'], code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Sub-command and sub-command group option types are mutually exclusive to all other types' });
    if (group && o.options !== undefined) problems.push(...validateOptions(o.options, [...p, 'options'], depth + 1));
    if (!group) {
      if (o.required === true && optionalSeen) problems.push({ path: [...p, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID_ORDER', message: 'Required options must be placed before non-required options' });
      if (o.required !== true) optionalSeen = true;
      if (Array.isArray(o.choices) && o.choices.length > 25) problems.push({ path: [...p, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    }
  });
  return problems;
}
