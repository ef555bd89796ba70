import { cleanName } from '../../src/core/clean-text.ts';
import { link, linkFor, type Services } from '../../src/engine/index.ts';
import { UserError } from '../../src/engine/index.ts';
import { regionName } from './format.ts';
import { findRegion } from './regions.ts';
import { getStop } from './stops.ts';
import type { Stop } from './types.ts';

/** Deep-link prefixes: `c_` follows a region or a stop, `s_` opens SPIRAL tagged with a stop. */
export const JOIN_PREFIX = 'c_';
export const SPIRAL_PREFIX = 's_';

export type Target = { kind: 'stop'; stop: Stop; region: string } | { kind: 'region'; region: string };

/** A stop id, or a region as typed or carried by a link ("ro", "Romania", "europe", "all"). */
export async function resolveTarget(services: Services, typed: string): Promise<Target | undefined> {
  const text = typed.trim();
  if (!text) return undefined;
  const stop = await getStop(services.store, text);
  if (stop) return { kind: 'stop', stop, region: stop.country.toLowerCase() };
  const { i18n } = services;
  const region = findRegion(text, i18n.languages, (id, lang) => i18n.translator(lang)(`caravan:region.${id}`));
  return region ? { kind: 'region', region } : undefined;
}

const targetId = (target: Target) => (target.kind === 'stop' ? target.stop.id : target.region);

/** The channel whose private-chat links go on posters and QR codes. */
const POSTER_CHANNEL = 'telegram';

/**
 * Links that subscribe in one step: the poster channel's link to the private chat (the running
 * channel's, or built offline from `--bot NAME`), and a command everywhere. The engine builds
 * the link: no platform URL is written here.
 */
export function linksFor(services: Services, target: Target, botOverride?: string) {
  const id = targetId(target);
  const to = (payload: string) => (botOverride ? linkFor(POSTER_CHANNEL, payload, { botName: botOverride }) : link(services, POSTER_CHANNEL, payload));
  const t = services.i18n.translator(services.config.lang);
  return {
    target: id,
    kind: target.kind,
    name: target.kind === 'stop' ? `${target.stop.town} ${target.stop.date}` : regionName(t, target.region, services.config.lang),
    telegram: to(`${JOIN_PREFIX}${id}`),
    spiral: target.kind === 'stop' ? to(`${SPIRAL_PREFIX}${id}`) : undefined,
    command: `/caravan join ${id}`,
  };
}

export async function requireTarget(services: Services, typed: string): Promise<Target> {
  const target = await resolveTarget(services, typed);
  if (!target) throw new UserError('caravan:join.unknown', { target: cleanName(typed).slice(0, 40) });
  return target;
}
