import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormPosts, INSTANT_POST_MS } from '../../src/features/form-posts.js';
import { fnv1a32 } from '../../src/features/hash.js';
import { analyze } from '../../src/index.js';
import { FORM_BOT_LINE_REASON } from '../../src/rank/fuse-findings.js';
import type { Analysis } from '../../src/types.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const SEC = 1_000;

function posts(requests: Array<[method: string, path: string, timeMs: number | null]>): FormPosts {
  const forms = new FormPosts();
  for (const [method, path, t] of requests) forms.add(method, fnv1a32(path), path, t);
  return forms;
}

describe('FormPosts', () => {
  it('counts a POST within a second of the GET of the same path as instant', () => {
    // Sign-up then login, each posted in the second its form was fetched; then a comment posted 40 s
    // after its page, as a person does.
    const forms = posts([
      ['GET', '/join_form', 0], ['POST', '/join_form', 0],
      ['GET', '/login_form', 5 * SEC], ['POST', '/login_form', 6 * SEC],
      ['GET', '/post/1', 10 * SEC], ['POST', '/post/1', 50 * SEC],
    ]);
    expect([forms.posts, forms.instant, forms.firstInstantUri]).toEqual([3, 2, '/join_form']);
    expect(INSTANT_POST_MS).toBe(SEC);
  });

  it('needs the GET of the same path, just before: another page in between, another path or a later GET do not count', () => {
    expect(posts([['GET', '/form', 0], ['GET', '/other', 100], ['POST', '/form', 200]]).instant).toBe(0);
    expect(posts([['GET', '/form', 0], ['POST', '/submit', 200]]).instant).toBe(0);
    // Logs merged out of time order: a POST logged before its GET's time is no instant post.
    expect(posts([['GET', '/form', 2 * SEC], ['POST', '/form', SEC]]).instant).toBe(0);
    // 1.001 s: over the bound.
    expect(posts([['GET', '/form', 0], ['POST', '/form', SEC + 1]]).instant).toBe(0);
  });

  it('says of each request whether it is an instant POST', () => {
    const forms = new FormPosts();
    const said = [
      ['GET', '/form', 0], ['POST', '/form', 500], ['POST', '/form', 800], ['GET', '/form', 5 * SEC], ['POST', '/form', 9 * SEC],
    ].map(([method, path, t]) => forms.add(method as string, fnv1a32(path as string), path as string, t as number));
    // The second POST still follows the same GET within the second; the last one is 4 s after its GET.
    expect(said).toEqual([false, true, true, false, false]);
    expect(forms.instant).toBe(2);
  });

  it('counts untimed POSTs but never as instant, and no HEAD or PUT as a form', () => {
    const forms = posts([['GET', '/form', null], ['POST', '/form', null], ['HEAD', '/form', 0], ['PUT', '/form', 0], ['POST', '/form', 0]]);
    expect([forms.posts, forms.instant]).toEqual([2, 0]);
  });
});

const DATA = new URL('../../../shared/data/', import.meta.url).pathname;
const BASJES = `${DATA}basjes-hackers-access/hackers-access.log`;
const ALMHUETTE = `${DATA}almhuette-raith-2019/access_2019-04-02_03.log`;
const ELASTIC = `${DATA}elastic-apache-logs/apache_logs.log`;
const TOMCAT = `${DATA}tomcat-banner-2019/localhost_access_log.txt`;

describe.skipIf(![BASJES, ALMHUETTE, ELASTIC, TOMCAT].every((p) => existsSync(p)))('form bots on real logs', () => {
  let almhuette: Analysis;
  let basjes: Analysis;
  let elastic: Analysis;
  let tomcat: Analysis;
  const bots = (analysis: Analysis) => analysis.ips.filter((ip) => ip.labels.includes('form-bot'));

  beforeAll(async () => {
    const scan = (path: string) => analyze({ paths: [path], embedder: trigramEmbedder(), cacheDir: false });
    [almhuette, basjes, elastic, tomcat] = await Promise.all([scan(ALMHUETTE), scan(BASJES), scan(ELASTIC), scan(TOMCAT)]);
  });

  it('finds almhuette’s contact-form spammers and the login brute force that fetches the form first', () => {
    // 15 addresses post the site's contact form (/index.php?option=com_contact…) 70-90 times each, every time in the
    // second its page was fetched; 193.106.31.130 posts the Joomla login right after fetching it.
    const found = bots(almhuette);
    expect(found).toHaveLength(16);
    expect(found.map((ip) => ip.ip)).toContain('193.106.31.130');
    const spammer = almhuette.ips.find((ip) => ip.ip === '185.194.15.38')!;
    expect(spammer.reasons).toContain('form-bot: 81 of its 87 POSTs sent within a second of loading the form (/index.php?option=com_contact&view=contact&id=1)');
    // The other brute force posts without fetching the form (1,186 POSTs, none instant): hammering only.
    expect(almhuette.ips.find((ip) => ip.ip === '178.32.224.117')?.labels).not.toContain('form-bot');
    // A client with 2 instant POSTs among 5 is below half: not a bot on that alone.
    expect(almhuette.ips.find((ip) => ip.ip === '81.23.188.164')?.labels ?? []).not.toContain('form-bot');
  });

  it('makes a form bot’s instant POSTs line findings, and neither its page views nor another client’s quick POSTs', () => {
    const formLines = almhuette.lines.filter((line) => line.reasons.includes(FORM_BOT_LINE_REASON));
    const spammer = almhuette.ips.find((ip) => ip.ip === '185.194.15.38')!;
    const spammerLines = formLines.filter((line) => line.ip === spammer.ip);
    // Its 81 instant POSTs, each the contact form; none of its 172 GETs.
    expect(spammerLines).toHaveLength(81);
    expect(spammerLines.every((line) => line.text.startsWith('POST /index.php?option=com_contact') && line.fields.includes('request'))).toBe(true);
    expect(almhuette.lines.filter((line) => line.ip === spammer.ip && line.text.startsWith('GET '))).toEqual([]);
    expect(spammer.flaggedLines).toBe(81);
    // Every form bot's lines, and only form bots': 81.23.188.164's 2 quick POSTs among 5 stay no finding.
    const botIps = new Set(bots(almhuette).map((ip) => ip.ip));
    expect(new Set(formLines.map((line) => line.ip))).toEqual(botIps);
    expect(formLines.some((line) => line.ip === '81.23.188.164')).toBe(false);
    // Below the site's real outliers: the top line findings are still the prober's requests.
    expect(almhuette.lines[0]!.reasons).not.toContain(FORM_BOT_LINE_REASON);
    // And below every other line with attack evidence (lineTier): the /backup.sql, .zip and .tar probes
    // (score 1) came after some 1,760 contact-form POSTs (score 2); now every form-bot line follows them.
    const lastEvidence = almhuette.lines.findLastIndex((line) => line.attack && !line.reasons.includes(FORM_BOT_LINE_REASON));
    const firstFormLine = almhuette.lines.findIndex((line) => line.reasons.includes(FORM_BOT_LINE_REASON));
    expect(lastEvidence).toBeLessThan(firstFormLine);
    expect(almhuette.lines.slice(0, firstFormLine).some((line) => /^GET \/backup\.(sql|zip|tar)$/.test(line.text))).toBe(true);
    expect(basjes.lines.filter((line) => line.reasons.includes(FORM_BOT_LINE_REASON)).every((line) => /^POST \/(join|login)_form$/.test(line.text))).toBe(true);
  });

  it('makes no form-bot lines with the client roles off (the ablation switch)', async () => {
    const off = await analyze({ paths: [ALMHUETTE], embedder: trigramEmbedder(), cacheDir: false, signals: { clientRoles: false } });
    expect(off.lines.some((line) => line.reasons.includes(FORM_BOT_LINE_REASON))).toBe(false);
    expect(off.lines.length).toBe(almhuette.lines.length - almhuette.lines.filter((line) => line.reasons.includes(FORM_BOT_LINE_REASON)).length);
  });

  it('finds basjes’ sign-up abusers, and ranks form bots with the attacks, above every client without attack behaviour', () => {
    const found = bots(basjes);
    expect(found.length).toBeGreaterThanOrEqual(100);
    expect(found.every((ip) => ip.reasons.some((r) => /^form-bot: \d+ of its \d+ POSTs sent within a second of loading the form \(\/(join|login)_form\)$/.test(r)))).toBe(true);
    const lastBot = Math.max(...found.map((ip) => basjes.ips.indexOf(ip)));
    const calm = basjes.ips.findIndex((ip) => !ip.labels.some((l) => ['hostile', 'hammering', 'form-bot'].includes(l)));
    expect(calm === -1 || lastBot < calm).toBe(true);
  });

  it('finds none on the clean elastic log or on tomcat’s, whose POSTs are sign-ins people and services make', () => {
    expect(bots(elastic)).toEqual([]);
    expect(bots(tomcat)).toEqual([]);
  });
});
