// semlog's worker threads start in a process that runs with entry-point flags: `node --input-type=module`
// reading a script from stdin, as a library user's one-off script does, here with a V8 flag beside it
// that Node refuses in a worker's own list of flags. The parse thread, the index worker and the
// embedding pool each start and answer there, in a process of its own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

describe('under node --input-type=module --max-old-space-size=1024', () => {
  test('the parse thread, the index worker and the embedding pool start and answer', async () => {
    const dist = (path: string) => JSON.stringify(new URL(`../dist/${path}`, import.meta.url).href);
    const log = JSON.stringify(fileURLToPath(new URL('./fixtures/logs/combined/elastic-apache.log', import.meta.url)));
    const script = `
      import { readLogs } from ${dist('parse/read-logs.js')};
      import { BackgroundIndex } from ${dist('index/background-index.js')};
      import { createPoolEmbedder } from ${dist('embed/pool-embedder.js')};
      let records = 0;
      for await (const batch of readLogs([${log}], { parseThread: true })) records += batch.length;
      const embedder = await createPoolEmbedder({ workers: 1 });
      const vectors = await embedder.embed(['GET /index.html', 'GET /wp-login.php', 'POST /xmlrpc.php']);
      await embedder.close();
      const indexer = new BackgroundIndex(embedder.dim);
      indexer.add(vectors);
      const warnings = [];
      const index = await indexer.finish(vectors, warnings);
      await indexer.close();
      console.log(JSON.stringify({ records, vectors: vectors.length, builtBy: indexer.builtBy, size: index.size, warnings }));`;
    const child = spawn(process.execPath, ['--input-type=module', '--max-old-space-size=1024'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.stderr.on('data', (data: Buffer) => (err += data.toString()));
    child.stdin.end(script);
    const [code] = (await once(child, 'exit')) as [number];
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(out)).toEqual({ records: 21, vectors: 3 * 384, builtBy: 'worker', size: 3, warnings: [] });
  }, 60_000);
});
