// Application commands, global and per guild: bulk overwrite (PUT), list, create/upsert (POST),
// delete. Stored as Discord returns them (ids kept across overwrites for the same name and type).
import { noContent, ok, type Ctx, type Req, type Route } from './context.ts';
import { DiscordError, invalidFormBody, missingAccess, unknownCommand } from './errors.ts';
import type { RegisteredCommand } from './types.ts';
import { validateCommand, validateCommands } from './commands.ts';

type Body = Record<string, unknown>;

const GLOBAL = 'global';

/** The scope key of the route: 'global' or the guild id (this fake's guild only). */
function scopeOf(r: Req, ctx: Ctx): string {
  if (r.params['application.id'] !== ctx.world.applicationId) throw new DiscordError(403, 20012, 'You are not authorized to perform this action on this application');
  const guild = r.params['guild.id'];
  if (guild === undefined) return GLOBAL;
  if (guild !== ctx.world.guildId) throw missingAccess();
  return guild;
}

function stored(ctx: Ctx, scope: string, body: Body, previous: RegisteredCommand[]): RegisteredCommand {
  const type = typeof body.type === 'number' ? body.type : 1;
  const before = previous.find((c) => c.name === body.name && (c.type ?? 1) === type);
  return {
    ...body,
    id: before?.id ?? ctx.ids.next(),
    application_id: ctx.world.applicationId,
    version: ctx.ids.next(),
    type,
    name: String(body.name),
    description: typeof body.description === 'string' ? body.description : '',
    default_member_permissions: body.default_member_permissions ?? null,
    nsfw: body.nsfw ?? false,
    ...(scope === GLOBAL ? { integration_types: body.integration_types ?? [0], contexts: body.contexts ?? null } : { guild_id: scope }),
  };
}

const routes = (base: string): Route[] => [
  { method: 'GET', template: `${base}/commands`, handler: (r, ctx) => ok(ctx.state.commands.get(scopeOf(r, ctx)) ?? []) },
  {
    method: 'PUT',
    template: `${base}/commands`,
    handler: (r, ctx) => {
      const scope = scopeOf(r, ctx);
      // PUT's body is a JSON array, which readBody keeps as an array-shaped object.
      const list = Array.isArray(r.body) ? (r.body as Body[]) : [];
      if (!Array.isArray(r.body)) throw invalidFormBody([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be a valid array.' }]);
      validateCommands(list);
      const previous = ctx.state.commands.get(scope) ?? [];
      const next = list.map((c) => stored(ctx, scope, c, previous));
      ctx.state.commands.set(scope, next);
      ctx.state.changed();
      return ok(next);
    },
  },
  {
    method: 'POST',
    template: `${base}/commands`,
    handler: (r, ctx) => {
      const scope = scopeOf(r, ctx);
      const problems = validateCommand(r.body, []);
      if (problems.length > 0) throw invalidFormBody(problems);
      const previous = ctx.state.commands.get(scope) ?? [];
      const command = stored(ctx, scope, r.body, previous);
      const existed = previous.some((c) => c.id === command.id);
      ctx.state.commands.set(scope, [...previous.filter((c) => c.id !== command.id), command]);
      ctx.state.changed();
      return { status: existed ? 200 : 201, body: command };
    },
  },
  {
    method: 'DELETE',
    template: `${base}/commands/{command.id}`,
    handler: (r, ctx) => {
      const scope = scopeOf(r, ctx);
      const previous = ctx.state.commands.get(scope) ?? [];
      if (!previous.some((c) => c.id === r.params['command.id'])) throw unknownCommand();
      ctx.state.commands.set(scope, previous.filter((c) => c.id !== r.params['command.id']));
      ctx.state.changed();
      return noContent();
    },
  },
];

export const commandRoutes: Route[] = [...routes('/applications/{application.id}'), ...routes('/applications/{application.id}/guilds/{guild.id}')];
