/** The Telegram channel could not start; the message says what to check. */
export class TelegramStartError extends Error {
  readonly code = 'TELEGRAM_START';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TelegramStartError';
  }
}

interface Failure {
  response?: { error_code?: number; description?: string };
  code?: string;
  message?: string;
}

/** Turns a failed start-up call into an error an operator can act on (the token is never shown). */
export function startFailure(e: unknown, step: string, apiRoot: string): TelegramStartError {
  const err = (e ?? {}) as Failure;
  const code = err.response?.error_code;
  const description = err.response?.description ?? '';
  if (code === 401) {
    return new TelegramStartError(`TELEGRAM_BOT_TOKEN was refused by Telegram (401 ${description || 'Unauthorized'}): check the token BotFather gave you.`, { cause: e });
  }
  if (code === 404) {
    return new TelegramStartError(`Telegram answered 404 Not Found at ${step}: TELEGRAM_BOT_TOKEN is malformed or TELEGRAM_API_ROOT (${apiRoot}) is not a Bot API root.`, { cause: e });
  }
  if (code !== undefined) {
    return new TelegramStartError(`Telegram refused ${step} (${code} ${description}); the bot cannot start. Check TELEGRAM_* settings.`, { cause: e });
  }
  const reason = err.code && !err.message?.includes(err.code) ? `${err.code}: ${err.message}` : (err.message ?? String(e));
  return new TelegramStartError(`could not reach TELEGRAM_API_ROOT ${apiRoot} at ${step} (${reason}); check the address, the network and any proxy.`, { cause: e });
}
