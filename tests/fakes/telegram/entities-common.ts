// Helpers shared by the parse_mode parsers (TDLib ports).
import { badRequest } from './errors.ts';
import type { Entity } from './types.ts';

export interface Parsed {
  text: string;
  entities: Entity[];
}

export const fail = (message: string): never => {
  throw badRequest(`can't parse entities: ${message}`);
};
export const byteOffset = (src: string, index: number): number => Buffer.byteLength(src.slice(0, index), 'utf8');
// TDLib's is_space() counts the terminating NUL as space; reading past the end yields '\0' here.
export const isSpace = (c: string): boolean => ' \t\r\n\0\v\f'.includes(c);

export function checkedLink(url: string): string | undefined {
  // TDLib drops (rather than rejects) a link it cannot normalise.
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `http://${url}`;
  try {
    return new URL(candidate).host !== '' || candidate.startsWith('tg:') ? url : undefined;
  } catch {
    return undefined;
  }
}

export function sortEntities(entities: Entity[]): Entity[] {
  // A language on a plain code entity only matters while pairing with <pre>.
  for (const e of entities) if (e.type === 'code') delete e.language;
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}
