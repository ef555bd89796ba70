// Posting to the app's Request URL as Slack does: one signed POST per event, command or action,
// measured until the app answers. Slack itself stops waiting after 3 seconds and retries later;
// the fake waits longer (the test asserts on `ms`) and leaves retries to resend().
import { request, type Agent } from 'node:http';
import type { Ack } from './types.ts';

export interface HttpRequestSpec {
  url: string;
  body: string | Buffer;
  headers: Record<string, string>;
}

/** The Request URL as node:http takes it, parsed once (the benchmark posts thousands of events to one URL). */
const targets = new Map<string, { hostname: string; port: string; path: string }>();
function target(url: string): { hostname: string; port: string; path: string } {
  let found = targets.get(url);
  if (!found) {
    const u = new URL(url);
    targets.set(url, (found = { hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}` }));
  }
  return found;
}

/** `agent`: kept-alive connections (benchmarks); without one, a new connection per request. */
export function postToApp(spec: HttpRequestSpec, timeoutMs: number, agent?: Agent): Promise<Ack> {
  const started = Date.now();
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : spec.body;
  return new Promise<Ack>((resolve) => {
    const done = (status: number, text: string): void => resolve({ status, body: text, ms: Date.now() - started });
    const req = request(
      { ...target(spec.url), method: 'POST', headers: { 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', ...spec.headers, 'content-length': String(body.length) }, agent: agent ?? false, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', (e) => done(0, e.message));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in time')));
    req.on('error', (e) => done(0, e.message));
    req.end(body);
  });
}
