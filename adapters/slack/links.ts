import type { ChannelLinkBuilder } from '../../src/channels/channel.ts';

/**
 * Slack has no "start payload": no link can open the app's DM *and* deliver a command there. So
 * a link opens the DM (the app's Messages tab) and nothing more, and only when no payload is
 * asked for: a link that silently dropped a join code would leave people in an empty DM, while
 * without one the core shows the code or command to type (`/together spiral K7M2QX`, or
 * `/together start <payload>`), which works from any channel. The adapter's own pointers (a
 * mention, a slash command typed in a channel) use the plain link.
 */
export function appRedirect(appId: string | undefined, teamId?: string): string | undefined {
  if (!appId || !/^A[A-Z0-9]{2,}$/.test(appId)) return undefined;
  const team = teamId && /^[TE][A-Z0-9]{2,}$/.test(teamId) ? `&team=${teamId}` : '';
  return `https://slack.com/app_redirect?app=${appId}${team}`;
}

/**
 * The offline builder (`--bot`): Slack's "bot name" is the app id, optionally with the
 * workspace id, as `A0123ABCD` or `A0123ABCD@T0456EFGH` (both on the app's settings pages).
 */
export function offlineLink(payload: string | undefined, botName: string | undefined): string | undefined {
  if (payload !== undefined || !botName) return undefined;
  const [app, team] = botName.split('@');
  return appRedirect(app, team);
}

/**
 * The app's DM link without a running bot (`--bot A0123ABCD@T0456EFGH`: the app id and the
 * workspace id); undefined without them, and for a payload, which no Slack link can carry.
 * Here, not next to the channel, so the command line builds links without loading @slack/bolt.
 */
export const linkFor: ChannelLinkBuilder = (payload, { botName }) => offlineLink(payload, botName);
