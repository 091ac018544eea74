// What keeping a distributed scan's partials on S3 costs against a shared folder: the same scan of the
// same logs by a coordinator and one `semlog worker`, warm (every text cached where that store keeps
// its vectors), rounds interleaved, and the size of what one job writes to each store.
// Writes bench/scale/s3-store-cost.{md,json}.
//
//   npm run build && npx tsx bench/scale/s3-store-cost.ts [--rounds 3]
//
// Needs /usr/bin/redis-server (Debian package redis-server) and ../shared/data. The S3 store is s3rver,
// a JavaScript S3 server on this same 2-core machine: it competes with semlog for the cores, so the
// ratio is an upper bound of what a real S3 endpoint over a network with enough bandwidth costs.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../../test/helpers/redis-server.js';
import { awsTestEnv, startS3Server } from '../../test/helpers/s3-server.js';
import { makeLog } from '../parse/make-log.js';
import { describeRun, runMeta, writeResults } from '../report/bench-results.js';

const BIN = fileURLToPath(new URL('../../bin/semlog.js', import.meta.url));
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const rounds = Number(arg('--rounds') ?? 3);
const FILES = 4;
const LINES_PER_FILE = 25_000;

type Store = 'folder' | 's3';

function runBin(args: string[], env: NodeJS.ProcessEnv): { exited: Promise<{ code: number | null; stderr: string; stdout: string }>; kill: () => void } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return { exited: once(child, 'close').then(([code]) => ({ code: code as number | null, stderr, stdout })), kill: () => child.kill('SIGTERM') };
}

const work = mkdtempSync(join(tmpdir(), 'semlog-bench-s3store-'));
const logs = join(work, 'logs');
mkdirSync(logs);
for (let i = 0; i < FILES; i++) {
  await makeLog({ lines: LINES_PER_FILE, out: join(logs, `part-${i}.log`), seed: i + 1, startMs: Date.UTC(2024, 0, 1) + i * 3_600_000 });
}
const [redis, s3] = await Promise.all([startRedis(), startS3Server()]);
await s3.createBucket('store');
const env = awsTestEnv();
const folder = join(work, 'store');
const workerCache = join(work, 'worker-cache');
const worker = runBin(['worker', redis.url, '--workers', '1', '--quiet', '--cache', workerCache], env);
const best: Record<Store, number> = { folder: Infinity, s3: Infinity };
let distinctTexts = 0;
try {
  const scan = async (store: Store): Promise<number> => {
    const storeArgs = store === 'folder' ? ['--store', folder] : ['--store', 's3://store/semlog', '--endpoint-url', s3.endpoint, '--no-cache'];
    const startMs = performance.now();
    const run = await runBin(['scan', logs, '--queue', redis.url, ...storeArgs, '-o', 'json', '--quiet'], env).exited;
    const seconds = (performance.now() - startMs) / 1000;
    if (run.code !== 0) throw new Error(`scan with the ${store} store failed (${run.code}):\n${run.stderr}`);
    const report = JSON.parse(run.stdout) as { summary: { uniqueTexts: number; warnings: string[] } };
    if (report.summary.warnings.some((w) => w.includes('the reduce embedded'))) throw new Error('the S3 reduce embedded texts itself');
    distinctTexts = report.summary.uniqueTexts;
    return seconds;
  };
  // Warm-up: fills the folder store's shared cache and the worker's own cache.
  for (const store of ['folder', 's3'] as const) console.log(`warm-up ${store}: ${(await scan(store)).toFixed(1)} s`);
  for (let round = 0; round < rounds; round++) {
    for (const store of round % 2 === 0 ? (['folder', 's3'] as const) : (['s3', 'folder'] as const)) {
      const seconds = await scan(store);
      best[store] = Math.min(best[store], seconds);
      console.log(`round ${round + 1} ${store}: ${seconds.toFixed(1)} s`);
    }
  }
} finally {
  worker.kill();
  await worker.exited;
  await Promise.all([redis.close(), s3.close()]);
  rmSync(work, { recursive: true, force: true });
}

const lines = FILES * LINES_PER_FILE;
const meta = runMeta(`npm run build && npx tsx bench/scale/s3-store-cost.ts --rounds ${rounds}`);
const markdown = [
  '# Distributed scan: the store on S3 against a shared folder',
  '',
  describeRun(meta),
  '',
  `The same \`semlog scan --queue\` of ${FILES} logs of ${LINES_PER_FILE.toLocaleString('en')} lines (\`bench/parse/make-log.ts\`, seeds 1-${FILES}; ${distinctTexts.toLocaleString('en')} distinct texts),`,
  'one `semlog worker` (one model thread), a redis-server on loopback; warm: the shared cache (folder store) or the worker\'s own',
  'cache (S3 store) holds every text, and the S3 coordinator runs with `--no-cache`, so its reduce takes every vector from the',
  `partials. The fastest of ${rounds} interleaved rounds, after a warm-up of each. The S3 store is s3rver on this 2-core machine, which`,
  'competes with semlog for the cores: the ratio is an upper bound of what a real endpoint costs.',
  '',
  '| store | coordinator wall s | lines/s | vs folder |',
  '|---|---:|---:|---:|',
  `| folder (\`--store DIR\`) | ${best.folder.toFixed(1)} | ${Math.round(lines / best.folder).toLocaleString('en')} | 1.00× |`,
  `| S3 (\`--store s3://…\`) | ${best.s3.toFixed(1)} | ${Math.round(lines / best.s3).toLocaleString('en')} | ${(best.s3 / best.folder).toFixed(2)}× |`,
  '',
].join('\n');
writeResults('scale/s3-store-cost', meta, markdown, { lines, distinctTexts, rounds, best });
console.log(markdown);
