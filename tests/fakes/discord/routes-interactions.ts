// Answering interactions: the callback (once, within the timeout: else 10062 / 40060), then the
// interaction webhook for follow-ups and for reading, editing or deleting @original or a follow-up.
import { noContent, ok, type Answer, type Ctx, type Req, type Route } from './context.ts';
import { alreadyAcknowledged, invalidFormBody, unknownInteraction, unknownMessage, unknownWebhook } from './errors.ts';
import { createMessage, editMessage, EPHEMERAL, LOADING, messageJson } from './messages.ts';
import type { StoredInteraction, StoredMessage } from './state.ts';
import { validateMessage } from './validate.ts';

type Body = Record<string, unknown>;

const MESSAGE = 4;
const DEFERRED_MESSAGE = 5;
const DEFERRED_UPDATE = 6;
const UPDATE = 7;
const AUTOCOMPLETE = 8;
const MODAL = 9;
const COMPONENT = 3;

function callback(r: Req, ctx: Ctx): Answer {
  const interaction = ctx.state.interactions.get(r.params['interaction.id'] ?? '');
  if (!interaction || interaction.token !== r.params['interaction.token']) throw unknownInteraction();
  const record = interaction.record;
  const late = Date.now() - interaction.createdAt > ctx.interactionTimeoutMs;
  if (interaction.acknowledged) {
    record.attempts.push('40060');
    record.error ??= '40060';
    throw alreadyAcknowledged();
  }
  if (late) {
    record.attempts.push('10062');
    record.error = '10062';
    throw unknownInteraction();
  }
  const type = r.body.type;
  const data = (typeof r.body.data === 'object' && r.body.data !== null ? r.body.data : {}) as Body;
  const allowed = interaction.type === COMPONENT ? [MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, MODAL] : [MESSAGE, DEFERRED_MESSAGE, MODAL, AUTOCOMPLETE];
  if (typeof type !== 'number' || !allowed.includes(type)) {
    throw invalidFormBody([{ path: ['type'], code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${allowed.join(', ')}}.` }]);
  }
  if (type === MESSAGE) validateMessage(data, { prefix: ['data'], files: r.files.length });
  if (type === UPDATE) validateMessage(data, { prefix: ['data'], files: r.files.length, partial: true });
  const message = apply(ctx, interaction, type, data, r);
  interaction.acknowledged = true;
  record.callbackType = type;
  if (typeof data.flags === 'number') record.flags = data.flags;
  if (typeof data.content === 'string') record.content = data.content;
  if (Array.isArray(data.components)) record.components = data.components;
  record.ackMs = Date.now() - interaction.createdAt;
  record.attempts.push('ok');
  if (interaction.timer) clearTimeout(interaction.timer);
  interaction.settle(record);
  ctx.state.changed();
  if (r.query.get('with_response') !== 'true') return noContent();
  return ok({
    interaction: {
      id: interaction.id,
      type: interaction.type,
      activity_instance_id: null,
      response_message_id: message?.id ?? null,
      response_message_loading: message ? (message.flags & LOADING) !== 0 : null,
      response_message_ephemeral: message ? (message.flags & EPHEMERAL) !== 0 : null,
    },
    resource: { type, ...(message ? { message: messageJson(ctx, message) } : {}) },
  });
}

function apply(ctx: Ctx, interaction: StoredInteraction, type: number, data: Body, r: Req): StoredMessage | undefined {
  const channel = ctx.state.channels.get(interaction.channelId);
  const flags = typeof data.flags === 'number' ? data.flags : 0;
  const answer = { interactionId: interaction.id, webhookId: ctx.world.applicationId, ...((flags & EPHEMERAL) !== 0 ? { to: interaction.userId } : {}) };
  if ((type === MESSAGE || type === DEFERRED_MESSAGE) && channel) {
    const body = type === MESSAGE ? data : { flags };
    const message = createMessage(ctx, channel, body, type === MESSAGE ? r.files : [], { ...answer, ...(type === DEFERRED_MESSAGE ? { flags: LOADING } : {}) });
    interaction.originalMessageId = message.id;
    return message;
  }
  if (type === DEFERRED_UPDATE || type === UPDATE) {
    interaction.originalMessageId = interaction.sourceMessageId;
    const source = interaction.sourceMessageId ? ctx.state.messages.get(interaction.sourceMessageId) : undefined;
    if (type === UPDATE && source) return editMessage(ctx, source, data, r.files);
    return source;
  }
  return undefined;
}

function interactionOfWebhook(r: Req, ctx: Ctx): StoredInteraction {
  if (r.params['application.id'] !== ctx.world.applicationId) throw unknownWebhook();
  const interaction = ctx.state.interactionByToken(r.params['interaction.token'] ?? '');
  // Before the callback the interaction's webhook does not exist yet.
  if (!interaction?.acknowledged) throw unknownWebhook();
  return interaction;
}

function webhookMessage(r: Req, ctx: Ctx, interaction: StoredInteraction): StoredMessage {
  const id = r.params['message.id'] === '@original' ? interaction.originalMessageId : r.params['message.id'];
  const message = id ? ctx.state.messages.get(id) : undefined;
  const ours = message && (message.id === interaction.originalMessageId || message.interactionId === interaction.id);
  if (!message || !ours) throw unknownMessage();
  return message;
}

export const interactionRoutes: Route[] = [
  { method: 'POST', template: '/interactions/{interaction.id}/{interaction.token}/callback', auth: false, handler: callback },
  {
    method: 'POST',
    template: '/webhooks/{application.id}/{interaction.token}',
    auth: false,
    major: 'interaction.token',
    handler: (r, ctx) => {
      const interaction = interactionOfWebhook(r, ctx);
      validateMessage(r.body, { files: r.files.length });
      const channel = ctx.state.channels.get(interaction.channelId);
      if (!channel) throw unknownWebhook();
      const flags = typeof r.body.flags === 'number' ? r.body.flags : 0;
      // Execute Webhook has no nonce parameter (nor enforce_nonce): one sent along is ignored, and each call is a new message.
      const { nonce: _nonce, enforce_nonce: _enforce, ...body } = r.body;
      const message = createMessage(ctx, channel, body, r.files, {
        interactionId: interaction.id,
        webhookId: ctx.world.applicationId,
        ...((flags & EPHEMERAL) !== 0 ? { to: interaction.userId } : {}),
      });
      interaction.record.followUps.push({
        ...(typeof r.body.content === 'string' ? { content: r.body.content } : {}),
        ...(typeof r.body.flags === 'number' ? { flags: r.body.flags } : {}),
        ...(Array.isArray(r.body.components) ? { components: r.body.components } : {}),
      });
      ctx.state.changed();
      return ok(messageJson(ctx, message));
    },
  },
  {
    method: 'GET',
    template: '/webhooks/{application.id}/{interaction.token}/messages/{message.id}',
    auth: false,
    major: 'interaction.token',
    handler: (r, ctx) => ok(messageJson(ctx, webhookMessage(r, ctx, interactionOfWebhook(r, ctx)))),
  },
  {
    method: 'PATCH',
    template: '/webhooks/{application.id}/{interaction.token}/messages/{message.id}',
    auth: false,
    major: 'interaction.token',
    handler: (r, ctx) => {
      const interaction = interactionOfWebhook(r, ctx);
      const message = webhookMessage(r, ctx, interaction);
      validateMessage(r.body, { files: r.files.length, partial: true });
      const edited = editMessage(ctx, message, r.body, r.files);
      if (message.id === interaction.originalMessageId) {
        interaction.record.editedOriginal = { content: edited.content, components: edited.components ?? [] };
        ctx.state.changed();
      }
      return ok(messageJson(ctx, edited));
    },
  },
  {
    method: 'DELETE',
    template: '/webhooks/{application.id}/{interaction.token}/messages/{message.id}',
    auth: false,
    major: 'interaction.token',
    handler: (r, ctx) => {
      const message = webhookMessage(r, ctx, interactionOfWebhook(r, ctx));
      ctx.state.messages.delete(message.id);
      ctx.state.changed();
      return noContent();
    },
  },
];
