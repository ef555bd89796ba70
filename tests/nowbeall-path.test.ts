/**
 * NOW-BE-ALL's whole path (issue #12, "Done when") through every channel fake at once: one core
 * with the real Telegram, Slack and Discord channels, each against its fake on 127.0.0.1, and
 * people on each (the manager on Telegram, the moderator and a French-speaking citizen on
 * Discord, citizens on all three). `/propose` is Slack's own slash command and a Discord slash
 * command. The scenario is tests/helpers/nowbeall-path.ts; the console run is
 * tests/nowbeall-path-console.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from './helpers/harness.ts';
import { platformsWorld, wholePath, type PathWorld } from './helpers/nowbeall-path.ts';
import type { FakeDiscord } from './fakes/discord/index.ts';
import type { FakeSlack } from './fakes/slack/index.ts';
import { allFlows } from '../flows/index.ts';
import { collectStats } from '../src/cli/stats.ts';

let world: PathWorld | null = null;
afterEach(async () => {
  if (!world) return;
  await world.stop();
  removeDir(world.dir);
  world = null;
});

describe('NOW-BE-ALL, the whole path on Telegram, Slack and Discord', () => {
  it('call, proposals with a similar one, moderation, supports, theme group, elaborated version, answer, notices, export, dossier, /mydata, /forget', async () => {
    world = await platformsWorld();
    // Discord registers NOW-BE-ALL's commands with one free-text option, so `/propose` and the others take their words.
    const { discord } = world as PathWorld & { discord: FakeDiscord };
    for (const name of ['propose', 'proposals', 'moderate', 'nbgroup', 'nowbeall']) {
      const registered = discord.registeredCommands().find((c) => c.name === name);
      expect(registered, name).toBeDefined();
      expect((registered!.options as { name: string; type: number }[] | undefined)?.map((o) => [o.name, o.type])).toEqual([['text', 3]]);
    }
    await wholePath(world);

    // Slack's Home tab: Ana's proposals with their status, and the NOW-BE-ALL buttons.
    const { slack } = world as PathWorld & { slack: FakeSlack };
    const before = slack.calls('views.publish').length;
    await slack.openHome('U0PATHANA');
    await slack.waitFor(() => (slack.calls('views.publish').length > before ? true : undefined), 5000, 'the Home tab published');
    const home = JSON.stringify(slack.homeView('U0PATHANA'));
    expect(home).toContain('NOW-BE-ALL proposals');
    expect(home).toContain('#1 “Protected cycle lanes around schools” — answered by the authorities');
    expect(home).toContain('A new proposal');

    // The moderation figures of `together stats`.
    const stats = await collectStats(allFlows, world.core.services, () => {});
    expect(stats).toMatchObject({ 'proposals.reports': 1, 'proposals.reports.open': 1, 'proposals.acts.approve': 3, 'proposals.acts.reject': 1, 'proposals.acts.merge': 1, 'proposals.moderators': 1 });
  }, 80_000);
});
