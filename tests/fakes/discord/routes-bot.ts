// The bot's identity and surroundings: gateway discovery, users, DM channel creation,
// the application, channels and the guild.
import { noContent, ok, type Route } from './context.ts';
import { invalidFormBody, missingAccess, unknownChannel, unknownGuild, unknownUser } from './errors.ts';
import { channelObject, guildObject, userObject } from './payloads.ts';

const SESSION_START_TOTAL = 1000;

export const botRoutes: Route[] = [
  { method: 'GET', template: '/gateway', auth: false, handler: (_r, ctx) => ok({ url: ctx.gatewayUrl() }) },
  {
    method: 'GET',
    template: '/gateway/bot',
    handler: (_r, ctx) =>
      ok({
        url: ctx.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: SESSION_START_TOTAL, remaining: SESSION_START_TOTAL - ctx.gateway.identifyCount(), reset_after: 86_400_000, max_concurrency: 1 },
      }),
  },
  { method: 'GET', template: '/users/@me', handler: (_r, ctx) => ok({ ...userObject(ctx.bot), verified: true, mfa_enabled: false, locale: 'en-US', email: null, bio: '' }) },
  {
    method: 'GET',
    template: '/users/{user.id}',
    handler: (r, ctx) => {
      const user = ctx.world.user(r.params['user.id'] ?? '');
      if (!user) throw unknownUser();
      return ok(userObject(user));
    },
  },
  {
    method: 'POST',
    template: '/users/@me/channels',
    handler: (r, ctx) => {
      const recipient = r.body.recipient_id;
      if (typeof recipient !== 'string') throw invalidFormBody([{ path: ['recipient_id'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
      const user = ctx.world.user(recipient);
      if (!user || user.bot) throw unknownUser();
      const channel = [...ctx.state.channels.values()].find((c) => c.type === 1 && c.recipientId === recipient);
      if (!channel) throw unknownUser();
      return ok(channelObject(channel, ctx.world));
    },
  },
  {
    method: 'GET',
    template: '/applications/@me',
    handler: (_r, ctx) =>
      ok({
        id: ctx.world.applicationId,
        name: ctx.bot.username,
        icon: null,
        description: '',
        summary: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        owner: userObject({ id: '0', username: 'owner', locale: 'en-US', dmsClosed: false }),
        team: null,
        bot: userObject(ctx.bot),
        install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
        integration_types_config: { '0': {} },
      }),
  },
  {
    method: 'GET',
    template: '/channels/{channel.id}',
    major: 'channel.id',
    handler: (r, ctx) => {
      const channel = ctx.state.channels.get(r.params['channel.id'] ?? '');
      if (!channel) throw unknownChannel();
      return ok(channelObject(channel, ctx.world));
    },
  },
  {
    method: 'POST',
    template: '/channels/{channel.id}/typing',
    major: 'channel.id',
    handler: (r, ctx) => {
      if (!ctx.state.channels.has(r.params['channel.id'] ?? '')) throw unknownChannel();
      return noContent();
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild.id}',
    major: 'guild.id',
    handler: (r, ctx) => {
      const id = r.params['guild.id'];
      if (id !== ctx.world.guildId) throw /^\d{17,20}$/.test(id ?? '') ? missingAccess() : unknownGuild();
      const channels = [...ctx.state.channels.values()].filter((c) => c.guildId === id);
      const { channels: _c, members: _m, threads: _t, presences: _p, voice_states: _v, joined_at: _j, large: _l, member_count: _n, lazy: _z, unavailable: _u, ...guild } = guildObject(ctx.world, channels, ctx.bot, ctx.joinedAt);
      return ok(guild);
    },
  },
  {
    method: 'GET',
    template: '/guilds/{guild.id}/channels',
    major: 'guild.id',
    handler: (r, ctx) => {
      const id = r.params['guild.id'];
      if (id !== ctx.world.guildId) throw missingAccess();
      return ok([...ctx.state.channels.values()].filter((c) => c.guildId === id).map((c) => channelObject(c, ctx.world)));
    },
  },
];
