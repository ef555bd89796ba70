/**
 * Creating a plan broadcast and sending it, once whatever runs it at the same moment: the same job
 * run by two instances (a scheduler lease changing hands), or a change told again while its notice
 * goes out. A broadcast's id names what it is (event, moment, zone, planned minute; an event's
 * version), so whoever is already creating or sending that id has the same message for the same
 * people, and the other has nothing to do.
 */
import type { BroadcastSpec, Services } from '../../../src/engine/index.ts';
import { center, runInBackground } from './kinds.ts';

type Recipients = BroadcastSpec['recipients'];

/**
 * Creates the broadcast `spec` (its recipients read only when needed) and sends it in the
 * background. `whenExists`: `keep` leaves a broadcast already made as it is (a job run again);
 * `add` gives it the recipients it lacks (a notice, to those reminded since).
 */
export async function broadcastOnce(services: Services, spec: Omit<BroadcastSpec, 'recipients'>, recipients: () => Promise<Recipients>, whenExists: 'keep' | 'add'): Promise<void> {
  const c = center(services);
  // This process is creating or sending it already.
  if (c.isActive(spec.id)) return;
  if (whenExists === 'add' || !(await c.get(spec.id))) {
    const found = await recipients();
    // Nobody to reach (or to add): nothing to make.
    if (found.length === 0) return;
    // Another instance is creating or sending this very broadcast: it reaches them.
    if ((await c.create({ ...spec, recipients: found })).outcome === 'busy') return;
  }
  runInBackground(services, spec.id);
}
