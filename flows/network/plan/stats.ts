/** `together stats` figures of the plan (prefixed `plandata.` by the CLI). */
import type { ReadServices } from '../../../src/engine/index.ts';
import { every, networkRecords } from '../records.ts';
import { ACTIVITY_STATUSES, EVENT_KINDS } from './entries.ts';

export async function planStats(services: ReadServices): Promise<Record<string, number>> {
  const r = networkRecords(services.store);
  const out: Record<string, number> = {
    phases: await r.phases.count(),
    axes: await r.axes.count(),
    groups: await r.groups.count(),
    activities: await r.activities.count(),
  };
  for (const s of ACTIVITY_STATUSES) out[`activities.${s}`] = await r.activities.count({ status: s });
  const scheduled = await every(r.events, { where: { status: 'scheduled' } });
  out.events = scheduled.length;
  out['events.cancelled'] = await r.events.count({ status: 'cancelled' });
  for (const k of EVENT_KINDS) out[`events.${k}`] = scheduled.filter((e) => e.kind === k).length;
  out['events.withLink'] = scheduled.filter((e) => e.link).length;
  return out;
}
