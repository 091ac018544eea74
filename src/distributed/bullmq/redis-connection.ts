// The Redis behind the queue: its URL checked where it enters, and reached once before any work, so
// that a wrong host or a stopped server is one clear line (exit 4) instead of a client retrying forever.

import type { RedisOptions } from 'bullmq';
import { EXIT, SemlogError, UsageError } from '../../errors.js';

/** How long the first connection may take before the queue counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5000;

/** Connection options for BullMQ from `redis://[USER:PASSWORD@]HOST[:PORT][/DB]` (or rediss:// for TLS). */
export function redisOptions(url: string, option: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${option} must be a redis://HOST:PORT URL, got ${JSON.stringify(url)}`, { hint: 'e.g. redis://127.0.0.1:6379' });
  }
  if ((parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    throw new UsageError(`${option} must be a redis://HOST:PORT URL, got ${JSON.stringify(url)}`, { hint: 'e.g. redis://127.0.0.1:6379 (rediss:// for TLS)' });
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new UsageError(`${option}: the database after the / must be a number, got ${JSON.stringify(db)}`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username !== '' && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password !== '' && { password: decodeURIComponent(parsed.password) }),
    ...(db !== '' && { db: Number(db) }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
    // BullMQ's workers block on Redis and must not give up on a command while it reconnects.
    maxRetriesPerRequest: null,
  };
}

/** Connects once, without retrying, and pings. */
export async function checkRedis(url: string, options: RedisOptions): Promise<void> {
  // Loaded here, not with the module: every `semlog` command parses its options through this file,
  // and ioredis costs tens of milliseconds to load.
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...options,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // The socket's error (ECONNREFUSED, ENOTFOUND) says more than the "Connection is closed" that follows it.
  let socketError: Error | undefined;
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const cause = socketError ?? (error as Error);
    throw new SemlogError('SEMLOG_QUEUE_UNREACHABLE', EXIT.model, `cannot reach Redis at ${redacted(url)}: ${cause.message}`, {
      hint: 'start redis-server there (or fix the URL, firewall or password); every worker and the coordinator need the same Redis',
      cause,
    });
  } finally {
    client.disconnect();
  }
}

/** The URL without its password, for messages. */
export function redacted(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
