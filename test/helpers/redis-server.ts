// A real redis-server (the Debian package .ci/run installs) on loopback and a free port, with no
// persistence unless given a folder for its append-only file, for the distributed-scan tests; stopped
// by close(), and started again on its port to play a restart.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const REDIS_SERVER = '/usr/bin/redis-server';

export function redisAvailable(): boolean {
  return existsSync(REDIS_SERVER);
}

export interface RedisServer {
  url: string;
  port: number;
  /** SIGTERM: a Redis with an append-only file writes it out before it exits. */
  close(): Promise<void>;
}

export interface StartRedisOptions {
  /** The port of a server stopped before (a restart); a free one otherwise. */
  port?: number;
  /** Keep the data in an append-only file in this folder, read again by the next server started on it. */
  dataDir?: string;
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const persistence = options.dataDir === undefined ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--dir', options.dataDir];
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** A port nothing listens on now (the OS picks it); a port that is free is also what the unreachable test needs. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
