import { expect, it } from 'vitest';
import pg from 'pg';
import { describePostgres, fileDatabases } from './helpers/postgres.ts';
import { describeRedis, testRedis } from './helpers/redis.ts';
import { ping } from './setup/redis-server.ts';

const database = fileDatabases();

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

await describePostgres('test PostgreSQL', () => {
  it('gives each caller a fresh, empty database of its own', async () => {
    const a = await database();
    const b = await database();
    expect(a.url).not.toBe(b.url);
    await query(a.url, 'CREATE TABLE t (x int)');
    expect(await query(b.url, "SELECT * FROM pg_tables WHERE tablename = 't'")).toEqual([]);
    await a.drop();
    await expect(query(a.url, 'SELECT 1')).rejects.toThrow(/does not exist/);
  });
});

await describeRedis('test Redis', () => {
  it('answers PING and gives each caller its own prefix', async () => {
    const a = await testRedis();
    const b = await testRedis();
    expect(a.prefix).not.toBe(b.prefix);
    expect(await ping(Number(new URL(a.url).port))).toBe(true);
  });
});
