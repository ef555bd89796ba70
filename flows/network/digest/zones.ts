import type { Services } from '../../../src/engine/index.ts';

/**
 * Called when a member joins or their time zone changes: makes sure that zone has its weekly
 * digest job (one job per zone in use, never one per member). Idempotent.
 */
export async function zoneInUse(_services: Services, _tz: string): Promise<void> {
  // Stub: the digest part fills this in.
}
