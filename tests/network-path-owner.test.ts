/**
 * An event without groups of an activity that the member's working group owns — the caravan's
 * launch in Iași, of the tour the Iași coordination group owns — is one the member follows: in
 * her weekly digest and in her reminders, `/plan upcoming` and the home tab alike (this test
 * failed while flows/network/reminders/audience.ts `concerns` looked at the event's groups and
 * axis only).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startNetworkWorld, type NetworkWorld } from './helpers/network-path.ts';
import { anaJoins, loadPlan, pushed } from './helpers/network-path-story.ts';

let world: NetworkWorld | null = null;
afterEach(async () => {
  await world?.stop();
  world = null;
});

const LAUNCH = 'Caravan of co-responsibility: launch in Romania';

describe("network members' reminders: the events of a working group's activities", () => {
  it('the caravan launch, an event of the tour her coordination group owns: in her digest as hers, and its reminder comes a week before at 09:00', async () => {
    world = await startNetworkWorld({ now: '2026-12-01T10:00:00Z' });
    const w = world;
    await loadPlan(w);
    // Ana follows her coordination group (owner of the caravan's tour) and the Public policies axis.
    await w.at('2027-04-29T13:00:00Z');
    const ana = await anaJoins(w);
    await w.walk('2027-04-29T14:00:00Z', '2027-05-05T07:00:00Z');
    // Monday's digest counts the launch among the events she follows…
    const digest = ana.received().find((r) => r.text.startsWith('📰 Your week in the network — May 3, 2027'));
    expect(digest?.text).toContain(`📅 Next week\n• Wed, May 12, 18:30 — ${LAUNCH} (event)`);
    // …so its week-before reminder comes on Wednesday 5 May at 09:00 in Bucharest.
    expect(pushed(ana)).toContain(`2027-05-05T06:00:00.000Z ⏰ In 7 days · ${LAUNCH}`);
  }, 60_000);
});
