import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejudgePostsInTimeOrder, type PostRows } from '../../src/features/posts-in-time-order.js';
import { analyze } from '../../src/pipeline/analyze.js';
import { FORM_BOT_LINE_REASON } from '../../src/rank/fuse-findings.js';
import { DATA } from './attack-mix.js';
import { needs } from '../helpers/needs.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

/** Records as read: [text, client, time in s, instant as form-posts.ts judged it in read order]. */
function rows(records: Array<[string, number, number, boolean]>, texts: string[]): PostRows & { instant: boolean[] } {
  const instant = records.map((r) => r[3]);
  return {
    size: records.length,
    textId: (i) => texts.indexOf(records[i]![0]),
    ipId: (i) => records[i]![1],
    timeMs: (i) => records[i]![2] * 1000,
    setInstantPost: (i, value) => void (instant[i] = value),
    instant,
  };
}

function counts(): { rejudgeFormPosts(ipId: number, instant: number, first: string): void; got: Map<number, [number, string]> } {
  const got = new Map<number, [number, string]>();
  return { rejudgeFormPosts: (ipId, instant, first) => void got.set(ipId, [instant, first]), got };
}

const TEXTS = ['GET /join_form', 'POST /join_form', 'GET /login_form', 'POST /login_form?came_from=/', 'GET /', 'HEAD /join_form'];

describe('rejudgePostsInTimeOrder', () => {
  it('finds the instant POST of a client whose GET was read after it (two servers’ logs)', () => {
    // Client 0: server A's log has its POST at 101 s, server B's (read next) its GET at 100 s.
    const r = rows([['POST /join_form', 0, 101, false], ['GET /', 0, 50, false], ['GET /join_form', 0, 100, false]], TEXTS);
    const c = counts();
    expect(rejudgePostsInTimeOrder(r, TEXTS, 5, c)).toBe(1);
    expect(r.instant).toEqual([true, false, false]);
    expect(c.got.get(0)).toEqual([1, '/join_form']);
  });

  it('leaves clients read in time order as they are, and judges as form-posts.ts does in time order', () => {
    const r = rows([
      // Client 1, in order: its POST 3 s after the GET is not instant, and stays so.
      ['GET /join_form', 1, 10, false], ['POST /join_form', 1, 13, false],
      // Client 2, out of order: GET login 20, POST login 21 (instant); GET join 30, GET / 30, POST join 31 (another GET between: not instant).
      ['GET /join_form', 2, 30, false], ['GET /', 2, 30, false], ['POST /join_form', 2, 31, true], ['GET /login_form', 2, 20, false], ['POST /login_form?came_from=/', 2, 21, false],
      // Client 3, out of order but no POST: nothing to judge.
      ['GET /', 3, 9, false], ['GET /join_form', 3, 5, false],
      // HEAD and untimed records are not GETs or POSTs to it.
    ], TEXTS);
    const c = counts();
    expect(rejudgePostsInTimeOrder(r, TEXTS, 5, c)).toBe(1);
    expect(r.instant).toEqual([false, false, false, false, false, false, true, false, false]);
    // The POST matches the GET of its path; the reason shows it with its query.
    expect([...c.got]).toEqual([[2, [1, '/login_form?came_from=/']]]);
  });

  it('keeps the read order within one second: a GET after the POST of its page is the redirect, not the form', () => {
    // Client 4 loaded the form at 10 s, posted at 40 s and was redirected to it again in the same second;
    // a record read later from another log (time 5 s) makes it a client read out of order.
    const r = rows([['GET /login_form', 4, 10, false], ['POST /login_form?came_from=/', 4, 40, false], ['GET /login_form', 4, 40, false], ['GET /', 4, 5, false]], TEXTS);
    const c = counts();
    rejudgePostsInTimeOrder(r, TEXTS, 5, c);
    expect(r.instant[1]).toBe(false);
    expect(c.got.get(4)).toEqual([0, '']);
  });
});

const BASJES = `${DATA}basjes-hackers-access/hackers-access.log`;
const FORM_BOT = '216.244.81.34';

describe('instant POSTs across two logs, on real lines', () => {
  if (!needs(existsSync(BASJES), BASJES)) return;

  it('labels basjes’ sign-up bot a form bot alike when its POSTs are in one log read before the log of its GETs', async () => {
    const lines = readFileSync(BASJES, 'utf8').split('\n').filter((l) => l.startsWith(`${FORM_BOT} `));
    const dir = mkdtempSync(join(tmpdir(), 'semlog-posts-'));
    writeFileSync(join(dir, 'one.log'), `${lines.join('\n')}\n`);
    // Two servers: a-posts.log (read first) holds every POST, b-rest.log the rest.
    const posts = lines.filter((l) => l.includes('"POST '));
    expect(posts.length).toBeGreaterThan(10);
    writeFileSync(join(dir, 'a-posts.log'), `${posts.join('\n')}\n`);
    writeFileSync(join(dir, 'b-rest.log'), `${lines.filter((l) => !l.includes('"POST ')).join('\n')}\n`);
    const one = await analyze({ paths: [join(dir, 'one.log')], embedder: trigramEmbedder(), cacheDir: false });
    const two = await analyze({ paths: [join(dir, 'a-posts.log'), join(dir, 'b-rest.log')], embedder: trigramEmbedder(), cacheDir: false });
    const bot = (a: typeof one) => a.ips.find((ip) => ip.ip === FORM_BOT)!;
    expect(bot(one).labels).toContain('form-bot');
    expect(bot(two).labels).toContain('form-bot');
    const formReason = (a: typeof one) => bot(a).reasons.find((r) => r.startsWith('form-bot:'));
    expect(formReason(one)).toBe('form-bot: 42 of its 42 POSTs sent within a second of loading the form (/join_form)');
    // Two of its POSTs were logged in the same second as their GET: read first, from the other log, they
    // stay apart (the read order is kept within a second). Read in the wrong order without the second
    // look, none of the 42 would be instant.
    expect(formReason(two)).toBe('form-bot: 40 of its 42 POSTs sent within a second of loading the form (/join_form)');
    const instantLines = (a: typeof one) => a.lines.filter((l) => l.reasons.includes(FORM_BOT_LINE_REASON)).length;
    expect(instantLines(one)).toBe(42);
    expect(instantLines(two)).toBe(40);
  });
});
