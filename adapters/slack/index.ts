export { SlackChannel, SLACK_LIMITS, SLACK_CAPABILITIES, SLACK_API_URL, type SlackOptions } from './slack-channel.ts';
export { SlackStartError } from './start-error.ts';
export { linkFor } from './links.ts';
