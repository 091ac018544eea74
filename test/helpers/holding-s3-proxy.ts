// A loopback proxy in front of an S3-compatible server that never answers the first upload of a key
// matching `hold` (it answers everything else by forwarding it): a worker is then certainly in the
// middle of writing a partial when a test kills it.

import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  endpoint: string;
  /** Resolves when the first matching upload has arrived (and is being held). */
  held: Promise<string>;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: string, hold: RegExp): Promise<HoldingProxy> {
  const to = new URL(target);
  let holding = false;
  let onHeld!: (path: string) => void;
  const held = new Promise<string>((resolve) => (onHeld = resolve));
  const open = new Set<ServerResponse>();
  const server = createServer((incoming: IncomingMessage, answer: ServerResponse) => {
    const path = incoming.url ?? '/';
    if (!holding && incoming.method === 'PUT' && hold.test(path.split('?')[0]!)) {
      holding = true;
      open.add(answer);
      incoming.resume();
      onHeld(path);
      return;
    }
    // The Host header is passed on as the client signed it.
    const forwarded = request({ host: to.hostname, port: to.port, method: incoming.method, path, headers: incoming.headers }, (reply) => {
      answer.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(answer);
    });
    forwarded.on('error', () => answer.destroy());
    incoming.pipe(forwarded);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    async close() {
      for (const answer of open) answer.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
