// The requests a client sends over and over, and the campaigns of clients that send the same ones:
// hand-computed rows, and the real form spam of almhuette-raith's day (skips when ../shared/data is absent).

import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { repeatedTargets, targetLinks } from '../../src/campaigns/shared-target.js';
import { analyze } from '../../src/pipeline/analyze.js';
import type { Analysis } from '../../src/types.js';
import { DATA } from '../features/attack-mix.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

/** Rows from [ipId, textId, timeMs] repeated `times`. */
function rows(spec: Array<[ipId: number, textId: number, times: number]>) {
  const list: Array<[number, number, number]> = [];
  let clock = 0;
  for (const [ipId, textId, times] of spec) for (let k = 0; k < times; k++) list.push([ipId, textId, clock++]);
  return { size: list.length, ipId: (i: number) => list[i]![0], textId: (i: number) => list[i]![1], timeMs: (i: number) => list[i]![2] };
}

describe('repeatedTargets', () => {
  it('keeps the texts sent 5 times and 10 % of the requests or more, when they are 20 requests and half of all', () => {
    const targets = repeatedTargets(rows([
      // Client 0: texts 1 (15) and 2 (10) repeated, text 3 once: 25 of 26.
      [0, 1, 15], [0, 2, 10], [0, 3, 1],
      // Client 1: 19 repeated requests, below 20.
      [1, 1, 19],
      // Client 2: 30 repeated requests of 70 (ten other texts, 4 times each): below half.
      [2, 1, 30], ...Array.from({ length: 10 }, (_, k): [number, number, number] => [2, 10 + k, 4]),
      // Client 3: a reader's 6 home-page visits among 100 requests are under 10 %, and it is no candidate anyway.
      [3, 0, 6], [3, 4, 94],
    ]), (ipId) => ipId !== 3);
    expect(targets).toEqual([{ ipId: 0, texts: [[1, 15], [2, 10]], requests: 25, firstMs: 0, lastMs: 24 }]);
  });

  it('counts each client apart when their rows interleave, and spans only its repeated texts\' timed rows', () => {
    // Client 5 sends text 1 and text 9 by turns with client 2's text 4; its text 9 (25 times) and
    // text 1 (25) repeat; its first row (at 100) has no time. Client 2 sends 25 rows of text 4.
    const list: Array<[number, number, number]> = [];
    for (let k = 0; k < 25; k++) list.push([5, k % 2 === 0 ? 1 : 9, 100 + k], [2, 4, 1_000 + k], [5, k % 2 === 0 ? 9 : 1, 200 + k]);
    list[0]![2] = NaN;
    const interleaved = { size: list.length, ipId: (i: number) => list[i]![0], textId: (i: number) => list[i]![1], timeMs: (i: number) => list[i]![2] };
    expect(repeatedTargets(interleaved, () => true)).toEqual([
      { ipId: 2, texts: [[4, 25]], requests: 25, firstMs: 1_000, lastMs: 1_024 },
      { ipId: 5, texts: [[1, 25], [9, 25]], requests: 50, firstMs: 101, lastMs: 224 },
    ]);
    expect(repeatedTargets(interleaved, (ipId) => ipId === 5).map((t) => t.ipId)).toEqual([5]);
  });

  it('links the clients whose repeated texts are the same set, and no others', () => {
    const targets = repeatedTargets(rows([[0, 1, 20], [0, 2, 20], [1, 2, 30], [1, 1, 25], [2, 1, 40], [3, 1, 30], [3, 2, 30], [3, 7, 30]]), () => true);
    expect(targets.map((t) => t.texts.map(([textId]) => textId))).toEqual([[1, 2], [1, 2], [1], [1, 2, 7]]);
    expect(targetLinks(targets)).toEqual([{ a: 0, b: 1, kind: 'target' }]);
  });
});

const ALMHUETTE = `${DATA}almhuette-raith-2019/access_2019-04-02_03.log`;
const CONTACT_POST = '"POST /index.php?option=com_contact&view=contact&id=1 ';

describe.skipIf(!existsSync(ALMHUETTE))('form spam from many addresses on almhuette-raith’s real log', () => {
  let analysis: Analysis;
  const spammers = new Set<string>();

  beforeAll(async () => {
    const posts = new Map<string, number>();
    for (const line of readFileSync(ALMHUETTE, 'utf8').split('\n')) {
      if (line.includes(CONTACT_POST)) posts.set(line.split(' ')[0]!, (posts.get(line.split(' ')[0]!) ?? 0) + 1);
    }
    for (const [ip, count] of posts) if (count >= 50) spammers.add(ip);
    analysis = await analyze({ paths: [ALMHUETTE], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('is one campaign of every address that posted the contact form 50 times or more, by the requests they repeat', () => {
    expect(spammers.size).toBeGreaterThanOrEqual(12);
    const campaign = analysis.campaigns.find((c) => c.ips.includes([...spammers][0]!))!;
    // Their instant POSTs are line findings (form bots), near-identical ones: the template rule links them too.
    expect(campaign.reason).toBe(`${campaign.clients} clients send near-identical requests (one template), the same requests over and over`);
    for (const ip of spammers) expect(campaign.ips).toContain(ip);
    expect(campaign.sample).toContain('POST /index.php?option=com_contact&view=contact&id=0');
    // Every member repeats the contact form's requests; the brute force on /administrator/ is not one.
    expect(campaign.ips).not.toContain('178.32.224.117');
    for (const ip of campaign.ips) expect(analysis.ips.find((c) => c.ip === ip)!.campaign).toBe(campaign.id);
  });
});
