import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareClients, rankingKey } from '../../src/clients/client-rank.js';
import { analyze } from '../../src/index.js';
import type { Analysis } from '../../src/types.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const client = (ip: string, score: number, labels: string[] = []) => ({ ip, score, labels });

describe('compareClients', () => {
  it('puts hostile, hammering and form-bot clients above all others, each group by score, then by address', () => {
    const clients = [
      client('192.0.2.1', 23.2),
      client('192.0.2.2', 21.3, ['hostile']),
      client('192.0.2.3', 47.2, ['hammering']),
      client('192.0.2.4', 30, ['crawler']),
      client('192.0.2.5', 21.3, ['hostile', 'fake-crawler']),
      client('192.0.2.6', 40, ['fake-crawler']),
      client('192.0.2.7', 14.1, ['form-bot']),
      client('192.0.2.8', 15, ['agent-rotation']),
    ];
    expect([...clients].sort(compareClients).map((c) => c.ip)).toEqual(['192.0.2.3', '192.0.2.2', '192.0.2.5', '192.0.2.7', '192.0.2.6', '192.0.2.4', '192.0.2.1', '192.0.2.8']);
    // rankingKey (what tune's average precision reads) orders them the same way; ties keep their order.
    expect([...clients].sort((a, b) => rankingKey(b) - rankingKey(a)).map((c) => c.ip)).toEqual(['192.0.2.3', '192.0.2.2', '192.0.2.5', '192.0.2.7', '192.0.2.6', '192.0.2.4', '192.0.2.1', '192.0.2.8']);
    expect(rankingKey(client('192.0.2.2', 21.3, ['hostile']))).toBe(21.3 + 1e6);
    expect(rankingKey(client('192.0.2.1', 23.2))).toBe(23.2);
  });
});

const ELASTIC = new URL('../../../shared/data/elastic-apache-logs/apache_logs.log', import.meta.url).pathname;

describe.skipIf(!existsSync(ELASTIC))('the client ranking of the clean elastic log', () => {
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyze({ paths: [ELASTIC], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('lists every hostile client before the busy Chef client whose z-scores score higher', () => {
    const chef = analysis.ips.findIndex((ip) => ip.ip === '208.91.156.11');
    const hostile = analysis.ips.filter((ip) => ip.labels.includes('hostile'));
    expect(hostile.length).toBeGreaterThan(0);
    expect(chef).toBe(hostile.length);
    // The referer spammer that rotates its user agent says so, and ranks by its score.
    const rotating = analysis.ips.filter((ip) => ip.labels.includes('agent-rotation'));
    expect(rotating.map((ip) => ip.ip)).toEqual(['143.233.204.28']); // 8 user agents in 9 requests, drug-shop referers
    expect(analysis.ips.indexOf(rotating[0]!)).toBeGreaterThan(chef);
    // The ranking is not by score alone here: Chef's 23.3 is above the small probers' 18.4.
    expect(analysis.ips[chef]!.score).toBeGreaterThan(Math.min(...hostile.map((ip) => ip.score)));
  });
});
