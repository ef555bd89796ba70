// Public surface of the fake Telegram Bot API used by end-to-end tests.
export { FakeTelegram, startFakeTelegram } from './fake.ts';
export type { FakeUserInput, GroupInput } from './simulate.ts';
export type { WaitOptions } from './observe.ts';
export type { HangSpec } from './server.ts';
export type {
  BotCommand,
  CallbackRecord,
  CallRecord,
  ChatActionRecord,
  Counters,
  Entity,
  FailSpec,
  FakeTelegramOptions,
  FileInfo,
  LimitOptions,
  ReactionRecord,
  SentMessage,
  TgChat,
  TgUser,
  Update,
} from './types.ts';
