// Slack's request signing (v0): X-Slack-Signature = 'v0=' + hex HMAC-SHA256 of
// 'v0:<timestamp>:<raw body>' keyed with the app's signing secret.
import { createHmac } from 'node:crypto';

export function signature(secret: string, timestampS: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampS}:${body}`).digest('hex')}`;
}

/** The two headers a signed request carries; the timestamp defaults to now. */
export function signatureHeaders(secret: string, body: string, timestampS = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { 'x-slack-request-timestamp': String(timestampS), 'x-slack-signature': signature(secret, timestampS, body) };
}
