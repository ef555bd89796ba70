import type { ChannelLinkBuilder } from '../../src/channels/channel.ts';
import { offlineLink } from './links.ts';

export { SlackChannel, SLACK_LIMITS, SLACK_CAPABILITIES, SLACK_API_URL, type SlackOptions } from './slack-channel.ts';
export { SlackStartError } from './start-error.ts';

/**
 * The app's DM link without a running bot (`--bot A0123ABCD@T0456EFGH`: the app id and the
 * workspace id); undefined without them, and for a payload, which no Slack link can carry.
 */
export const linkFor: ChannelLinkBuilder = (payload, { botName }) => offlineLink(payload, botName);
