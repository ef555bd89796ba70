import { SocketModeReceiver, type App, type Logger as BoltLogger, type ReceiverEvent } from '@slack/bolt';

interface SlackEventArgs {
  body: ReceiverEvent['body'];
  retry_num?: number;
  retry_reason?: string;
  ack: (response?: unknown) => Promise<void>;
}

/**
 * bolt's Socket Mode receiver acknowledges an Events API envelope before any listener runs, so
 * an event acknowledged there could still be lost by a crash before the core stored it. This
 * one holds every acknowledgement (events, commands, actions) until bolt has finished with the
 * envelope, as HTTP mode's receiver does (http-receiver.ts): the listeners answer within 2.5 s
 * (see deadline.ts), then the envelope is acknowledged with what the listener gave ack().
 */
export function deferredSocketReceiver(options: { appToken: string; apiUrl?: string; logger: BoltLogger }): SocketModeReceiver {
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.logger,
    // apps.connections.open goes to the same Web API root as every other call.
    installerOptions: { clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {} },
  });
  let app: App | undefined;
  const init = receiver.init.bind(receiver);
  receiver.init = (a: App) => {
    app = a;
    init(a);
  };
  receiver.client.removeAllListeners('slack_event');
  receiver.client.on('slack_event', async (args: SlackEventArgs) => {
    let response: unknown;
    let acked = false;
    const event: ReceiverEvent = {
      body: args.body,
      retryNum: args.retry_num,
      retryReason: args.retry_reason,
      ack: async (body?: unknown) => {
        if (acked) return;
        acked = true;
        response = body;
      },
    };
    try {
      await app?.processEvent(event);
    } catch (e) {
      options.logger.error('slack socket mode event failed', e);
    } finally {
      await args.ack(response).catch((e: unknown) => options.logger.warn('slack socket mode ack failed', e));
    }
  });
  return receiver;
}
