import type { Client } from 'discord.js';
import type { Logger } from '../../src/log/logger.ts';

type PacketHandler = (packet?: { t?: unknown }, shard?: unknown) => boolean;

/**
 * discord.js builds its objects from a gateway dispatch without checking its shape, inside an
 * async socket handler: an interaction without `data` or `user`, options that are not a list or a
 * `null` body throws there, and the rejection nobody catches ends the process. Such a payload is
 * logged and dropped instead, so one odd dispatch cannot stop the bot.
 */
export function dropMalformedPackets(client: Client, log: Logger): void {
  const ws = client.ws as unknown as { handlePacket: PacketHandler };
  const handle = ws.handlePacket.bind(ws);
  ws.handlePacket = (packet, shard) => {
    try {
      return handle(packet, shard);
    } catch (e) {
      log.warn({ err: String(e), type: typeof packet?.t === 'string' ? packet.t : undefined }, 'discord dispatch not understood: dropped');
      return true;
    }
  };
}

type RawPacket = { t?: unknown; d?: unknown };
type RawInteraction = { id?: unknown; guild_id?: unknown; user?: { id?: unknown }; channel?: { recipients?: { id?: unknown }[] } };

/**
 * The id of an interaction in a DM made by someone who is not that DM's person, from the raw
 * dispatch (discord.js adds whoever interacted to the DM's recipients, so its channel object
 * cannot tell). Discord never sends one: only the two ends see a DM; a forged or confused payload
 * must not make the bot answer a stranger inside somebody else's conversation.
 */
export function strangerInDm(packet: RawPacket | null | undefined): string | undefined {
  if (packet?.t !== 'INTERACTION_CREATE' || typeof packet.d !== 'object' || packet.d === null) return undefined;
  const d = packet.d as RawInteraction;
  const recipients = d.channel?.recipients;
  if (d.guild_id || typeof d.id !== 'string' || !Array.isArray(recipients) || recipients.length === 0) return undefined;
  return recipients.some((r) => r?.id === d.user?.id) ? undefined : d.id;
}
