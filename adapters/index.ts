import type { Channel, ChannelLinkBuilder } from '../src/channels/channel.ts';
import type { Settings } from '../src/config.ts';
import type { Logger } from '../src/log/logger.ts';
import type { CliDeps } from '../src/cli/program.ts';
import { registerLinkBuilder } from '../src/engine/index.ts';
import { ConsoleChannel } from './console/console-channel.ts';
import { linkFor as telegramLink } from './telegram/deep-link.ts';
import { linkFor as slackLink } from './slack/links.ts';
import { linkFor as discordLink } from './discord/links.ts';

/**
 * The platform channels whose credentials are configured. Each platform's SDK is loaded only
 * here, when its channel is: every other command (and every command run by the tests) starts
 * without telegraf, @slack/bolt and discord.js, about a third of a start's CPU time.
 */
export async function platformChannels(settings: Settings, log: Logger): Promise<Channel[]> {
  const channels: Channel[] = [];
  const tg = settings.telegram;
  if (tg) {
    const { TelegramChannel } = await import('./telegram/index.ts');
    channels.push(new TelegramChannel({ token: tg.token, apiRoot: tg.apiRoot, webhookUrl: tg.webhookUrl, webhookSecret: tg.webhookSecret, port: tg.port, log: log.child({ channel: 'telegram' }) }));
  }
  const slack = settings.slack;
  if (slack) {
    const { SlackChannel } = await import('./slack/index.ts');
    channels.push(new SlackChannel({ botToken: slack.botToken, signingSecret: slack.signingSecret, appToken: slack.appToken, apiUrl: slack.apiUrl, port: slack.port, log: log.child({ channel: 'slack' }) }));
  }
  const discord = settings.discord;
  if (discord) {
    const { DiscordChannel } = await import('./discord/index.ts');
    channels.push(new DiscordChannel({ token: discord.token, apiUrl: discord.apiUrl, guildId: discord.guildId, log: log.child({ channel: 'discord' }) }));
  }
  return channels;
}

export const consoleFactory: CliDeps['console'] = (options) =>
  new ConsoleChannel({ ...options, input: process.stdin, output: process.stdout });

/**
 * Each channel's offline link builder, by channel name: the composition root hands these to the
 * core so `together caravan qr --bot NAME` builds a link without a running bot. Channels whose
 * links carry no payload (the console) have none.
 */
export const channelLinks: Readonly<Record<string, ChannelLinkBuilder>> = { telegram: telegramLink, slack: slackLink, discord: discordLink };
for (const [channel, build] of Object.entries(channelLinks)) registerLinkBuilder(channel, build);
