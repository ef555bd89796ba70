import type { Services } from '../../../src/engine/index.ts';
import type { PlanEvent } from '../types.ts';

/**
 * Called by the plan's data operations after an event is stored (added, edited, cancelled,
 * removed): `before` undefined for a new event, `after` undefined for a removed one. Plans or
 * moves its reminders, and tells everyone already reminded of it what changed. Durable and
 * idempotent (called again after a crash, it plans and tells nothing twice).
 */
export async function eventChanged(_services: Services, _before: PlanEvent | undefined, _after: PlanEvent | undefined): Promise<void> {
  // Stub: the reminders part fills this in.
}
