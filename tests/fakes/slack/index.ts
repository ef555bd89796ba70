// Public surface of the fake Slack (Web API, Events API over HTTP, Socket Mode) used by end-to-end tests.
export { FakeSlack, startFakeSlack } from './fake.ts';
export { signature, signatureHeaders } from './signing.ts';
export type {
  Ack,
  FakeSlackOptions,
  SeenSlackMessage,
  SendMessageOptions,
  SlackCallRecord,
  SlackChannelInput,
  SlackLimitOptions,
  SlackUpload,
  SlackUserInput,
} from './types.ts';
