// Snowflakes as Discord makes them (ms since the Discord epoch << 22, then a counter), so that
// discord.js's createdTimestamp and id ordering hold; interaction tokens look like Discord's.
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1420070400000n;

export class Snowflakes {
  private last = 0n;

  next(): string {
    const fromTime = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    this.last = fromTime > this.last ? fromTime : this.last + 1n;
    return this.last.toString();
  }
}

export const interactionToken = (id: string): string => `aW50ZXJhY3Rpb246${Buffer.from(id).toString('base64url')}:${randomBytes(48).toString('base64url')}`;

export const sessionId = (): string => randomBytes(16).toString('hex');
