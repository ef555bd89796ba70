import type { Flow } from '../engine/flow.ts';
import type { ReadServices } from '../engine/services.ts';

/** Counts over the whole store, plus each flow's own figures. Unreadable files are reported, not fatal. */
export async function collectStats(flows: Flow[], services: ReadServices, onCorrupt: (file: string) => void): Promise<Record<string, number>> {
  const stats: Record<string, number> = { users: 0, consented: 0, unreachable: 0, inConversation: 0 };
  for await (const doc of services.store.eachUser((file) => onCorrupt(file))) {
    stats.users!++;
    if (doc.consentAt) stats.consented!++;
    if (doc.unreachable) stats.unreachable!++;
    if (doc.session) stats.inConversation!++;
    const lang = `language.${doc.lang ?? 'unset'}`;
    stats[lang] = (stats[lang] ?? 0) + 1;
  }
  for (const flow of flows) {
    for (const [k, v] of Object.entries((await flow.stats?.(services)) ?? {})) stats[`${flow.id}.${k}`] = v;
  }
  return stats;
}
