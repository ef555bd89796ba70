import { slackError } from './errors.ts';

/** The Slack channel could not start; the message says what to check (a secret is never shown). */
export class SlackStartError extends Error {
  readonly code = 'SLACK_START';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackStartError';
  }
}

const REFUSED = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type', 'no_permission', 'missing_scope']);

/**
 * Turns a failed start-up call into an error an operator can act on. `token` names the
 * variable whose token the call used (SLACK_BOT_TOKEN, or SLACK_APP_TOKEN for Socket Mode).
 */
export function startFailure(e: unknown, step: string, token: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', apiUrl: string): SlackStartError {
  const error = slackError(e);
  if (error && REFUSED.has(error)) {
    const hint =
      token === 'SLACK_BOT_TOKEN'
        ? 'use the Bot User OAuth Token (xoxb-…) from the app\'s "OAuth & Permissions" page, after installing the app in the workspace'
        : 'use an App-Level Token (xapp-…) with the connections:write scope, from the app\'s "Basic Information" page, and turn Socket Mode on';
    return new SlackStartError(`${token} was refused by Slack at ${step} (${error}): ${hint}.`, { cause: e });
  }
  if (error) return new SlackStartError(`Slack refused ${step} (${error}); the bot cannot start. Check the SLACK_* settings and the app's scopes.`, { cause: e });
  const err = (e ?? {}) as { code?: string; message?: string; statusCode?: number };
  if (err.statusCode) return new SlackStartError(`Slack answered HTTP ${err.statusCode} at ${step}: is SLACK_API_URL (${apiUrl}) a Slack Web API root?`, { cause: e });
  return new SlackStartError(`could not reach SLACK_API_URL ${apiUrl} at ${step} (${err.message ?? String(e)}); check the address, the network and any proxy.`, { cause: e });
}
