// The worker pool: real model, real threads; order is kept although batches are sorted by length.

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../src/embed/create-encoder.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { defaultModelDir, inspectModelDir } from '../../src/embed/model-dir.js';
import { createPoolEmbedder } from '../../src/embed/pool-embedder.js';
import { InterruptedError, ModelError } from '../../src/errors.js';

const texts = Array.from({ length: 150 }, (_, i) =>
  i % 3 === 0 ? `GET /products/item-${i}?color=red&size=${'x'.repeat(i % 40)}` : i % 3 === 1 ? `POST /login ${i}` : `GET /${i}`,
);

describe('createPoolEmbedder', () => {
  let pool: Embedder;
  beforeAll(async () => {
    pool = await createPoolEmbedder({ workers: 2, batchSize: 16 });
  });
  afterAll(() => pool?.close());

  it('returns the vectors in input order, equal to a single in-process encoder', async () => {
    const pooled = await pool.embed(texts);
    const encoder = await createEncoder('ort', inspectModelDir(defaultModelDir()), 1);
    try {
      const direct = await encoder.encode(texts);
      expect(pooled.length).toBe(texts.length * 384);
      for (let i = 0; i < texts.length; i++) {
        let dot = 0;
        for (let d = 0; d < 384; d++) dot += pooled[i * 384 + d]! * direct[i * 384 + d]!;
        expect(dot, texts[i]).toBeGreaterThan(0.9999);
      }
    } finally {
      await encoder.release();
    }
  });

  it('handles an empty list', async () => {
    expect((await pool.embed([])).length).toBe(0);
  });

  it('stops with InterruptedError when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(pool.embed(texts, controller.signal)).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('a missing model', () => {
  it('is a ModelError with a hint, before any worker starts', async () => {
    const error = await createPoolEmbedder({ modelDir: '/nonexistent/model' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('SEMLOG_MODEL_MISSING');
    expect((error as ModelError).hint).toMatch(/--model/);
  });
});

describe('a pool that stops', () => {
  it('rejects an embed() under way and every later one once closed', async () => {
    const pool = await createPoolEmbedder({ workers: 1, batchSize: 4 });
    const running = pool.embed(texts);
    const closed = pool.close();
    expect(pool.close()).toBe(closed);
    await expect(running).rejects.toMatchObject({ code: 'SEMLOG_POOL_CLOSED' });
    await closed;
    await expect(pool.embed(['GET /'])).rejects.toMatchObject({ code: 'SEMLOG_POOL_CLOSED' });
  });

  // A worker cannot be made to die from inside a test file: the child runs the built pool with the
  // CLI tests' crash preload, which makes one worker exit in the middle of a model call.
  it('after a worker dies, rejects with SEMLOG_WORKER_FAILED, and for good, and close() ends every worker', async () => {
    const poolModule = new URL('../../dist/embed/pool-embedder.js', import.meta.url).href;
    const script = `
      import { createPoolEmbedder } from ${JSON.stringify(poolModule)};
      const pool = await createPoolEmbedder({ workers: 2, batchSize: 4 });
      const texts = Array.from({ length: 400 }, (_, i) => 'GET /item/' + i);
      const first = await pool.embed(texts).catch((error) => error);
      const again = await pool.embed(texts.slice(0, 4)).catch((error) => error);
      await pool.close();
      console.log(JSON.stringify({ code: first.code, exitCode: first.exitCode, again: again === first }));
    `;
    const child = spawn(process.execPath, ['--require', fileURLToPath(new URL('../cli/inject-crash.cjs', import.meta.url)), '--input-type=module', '-e', script], {
      env: { ...process.env, SEMLOG_TEST_CRASH: 'exit', SEMLOG_TEST_CRASH_MARK: join(mkdtempSync(join(tmpdir(), 'semlog-pool-')), 'crashed') },
      timeout: 55_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (...end) => resolve(end)));
    // The script never calls process.exit: the child ends by itself only when close() left no worker
    // thread running; one left over keeps it alive until the 55 s guard kills it (SIGKILL, code null).
    expect([code, signal], stderr).toEqual([0, null]);
    expect(JSON.parse(stdout)).toEqual({ code: 'SEMLOG_WORKER_FAILED', exitCode: 4, again: true });
  });
});
