// Message text and caption rules: parse_mode (or explicit entities), Telegram's
// trimming, then the length limits counted in UTF-16 units after parsing.
import { parseText, type Parsed } from './entities.ts';
import { badRequest, CAPTION_TOO_LONG, TEXT_EMPTY, TOO_LONG } from './errors.ts';
import { json, str, type Params } from './params.ts';
import type { Entity } from './types.ts';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

export interface Formatted extends Parsed {
  raw: string;
  parseMode?: string;
}

/** Reads `field` (text or caption) with its parse_mode / entities companions. */
export function readFormatted(p: Params, field: 'text' | 'caption'): Formatted | undefined {
  const raw = str(p, field);
  if (raw === undefined) return undefined;
  const entitiesField = field === 'text' ? 'entities' : 'caption_entities';
  const explicit = json(p, entitiesField, `can't parse entities JSON object`);
  const parseMode = str(p, 'parse_mode');
  let parsed: Parsed;
  if (Array.isArray(explicit) && explicit.length > 0) {
    // Explicit entities win over parse_mode, as in the official server.
    parsed = { text: raw, entities: readEntities(explicit, raw.length) };
  } else {
    parsed = parseText(raw, parseMode);
  }
  return { ...trim(parsed), raw, ...(parseMode ? { parseMode } : {}) };
}

export function requireText(p: Params): Formatted {
  const formatted = readFormatted(p, 'text');
  if (!formatted || formatted.text.length === 0) throw badRequest(TEXT_EMPTY);
  if (formatted.text.length > MAX_TEXT) throw badRequest(TOO_LONG);
  return formatted;
}

export function optionalCaption(p: Params): Formatted | undefined {
  const formatted = readFormatted(p, 'caption');
  if (formatted && formatted.text.length > MAX_CAPTION) throw badRequest(CAPTION_TOO_LONG);
  return formatted && formatted.text.length > 0 ? formatted : undefined;
}

function readEntities(list: unknown[], textLength: number): Entity[] {
  return list.map((item) => {
    const e = item as Partial<Entity>;
    if (typeof e?.type !== 'string' || !Number.isInteger(e.offset) || !Number.isInteger(e.length)) {
      throw badRequest("can't parse MessageEntity: Can't find field \"type\"");
    }
    const entity = { ...e } as Entity;
    if (entity.offset < 0 || entity.length <= 0 || entity.offset + entity.length > textLength) {
      throw badRequest('entity beginning/end is out of the text');
    }
    return entity;
  });
}

/** Telegram strips leading/trailing whitespace and shifts or clips entities to match. */
function trim(parsed: Parsed): Parsed {
  const lead = /^\s*/.exec(parsed.text)?.[0].length ?? 0;
  const text = parsed.text.slice(lead).trimEnd();
  const entities: Entity[] = [];
  for (const e of parsed.entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(text.length, e.offset + e.length - lead);
    if (end > start) entities.push({ ...e, offset: start, length: end - start });
  }
  return { text, entities };
}
