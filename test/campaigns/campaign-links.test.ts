// The four campaign rules on hand-built findings: each links what it should and nothing that shares
// only a little (a popular parameter, one probed path, one incidental tag).

import { describe, expect, it } from 'vitest';
import { LINK_DEFAULTS, payloadLinks, probeLinks, templateLinks, toolkitLinks } from '../../src/campaigns/campaign-links.js';
import { clientProfiles, injectionPoints, payloadPoints, type CampaignRows } from '../../src/campaigns/client-profiles.js';
import { findCampaigns } from '../../src/campaigns/find-campaigns.js';
import { ordinaryTexts } from '../../src/campaigns/ordinary-texts.js';
import type { NeighborSource } from '../../src/cluster/dbscan.js';
import { HEADER_BITS } from '../../src/features/header-attacks.js';

interface Finding {
  ip: number;
  text: string;
  /** Tags of the request line. */
  tags?: string[];
  /** Tags of an attack in the Referer / User-Agent. */
  referer?: string[];
  agent?: string[];
  probe?: boolean;
  /** A finding only in a header: its request text is an ordinary page. */
  header?: boolean;
  /** The request's text is a semantic outlier. */
  outlier?: boolean;
  timeMs?: number;
}

/**
 * Profiles of hand-written findings: texts are interned, tags become masks. `requests` gives a
 * text's requests in the whole log (findings or not); by default every request of a text is a finding.
 */
function build(findings: Finding[], requests: Record<string, number> = {}) {
  const texts: string[] = [];
  const tagNames: string[] = [];
  const textId = (text: string) => (texts.includes(text) ? texts.indexOf(text) : texts.push(text) - 1);
  const mask = (tags: string[]) => tags.reduce((m, tag) => m | (1 << (tagNames.includes(tag) ? tagNames.indexOf(tag) : tagNames.push(tag) - 1)), 0);
  const rows = findings.map((f) => ({
    ...f,
    textId: textId(f.text),
    requestMask: mask(f.tags ?? []),
    headerMask: mask([...(f.referer ?? []), ...(f.agent ?? [])]),
    headerBits: (f.referer?.length ? HEADER_BITS.referer : 0) | (f.agent?.length ? HEADER_BITS.userAgent : 0),
  }));
  const view: CampaignRows = {
    size: rows.length,
    textId: (i) => rows[i]!.textId,
    ipId: (i) => rows[i]!.ip,
    headerTags: (i) => rows[i]!.headerMask,
    requestTags: (i) => rows[i]!.requestMask,
    headers: (i) => rows[i]!.headerBits,
    timeMs: (i) => rows[i]!.timeMs ?? NaN,
  };
  const outliers = new Set(rows.filter((r) => r.outlier === true).map((r) => r.textId));
  const textCounts = texts.map((text) => requests[text] ?? rows.filter((r) => r.text === text).length);
  const input = {
    rows: view,
    findingRows: rows.map((_, i) => i),
    texts,
    textCounts,
    tagsOf: (m: number) => tagNames.filter((_, bit) => (m & (1 << bit)) !== 0),
    probe: (i: number) => rows[i]!.probe === true,
    inRequest: (i: number) => rows[i]!.header !== true,
    outlier: (id: number) => outliers.has(id),
  };
  const profiles = clientProfiles(input);
  return { input, texts, profiles, ordinary: ordinaryTexts(profiles, textCounts, LINK_DEFAULTS.minFindingShare) };
}

const pairs = (links: Array<{ a: number; b: number }>) => links.map(({ a, b }) => [a, b]);

/** Neighbours by exact distances given per pair (1 when not given), ascending. */
function neighborsOf(size: number, distance: (a: number, b: number) => number): NeighborSource {
  return {
    size,
    neighbors(id, k) {
      const all = Array.from({ length: size }, (_, other) => ({ other, d: other === id ? 0 : distance(id, other) })).sort((x, y) => x.d - y.d).slice(0, k);
      return { ids: all.map((n) => n.other), distances: all.map((n) => n.d) };
    },
  };
}

describe('injectionPoints', () => {
  it('names the parameters, or the route when there is no query', () => {
    expect(injectionPoints("GET /a/0?id=0' or 0=0&page=0")).toEqual(['id', 'page']);
    expect(injectionPoints('GET /../../etc/passwd')).toEqual(['/../../etc/passwd']);
    expect(injectionPoints('GET /x?')).toEqual(['/x']);
  });
});

describe('payloadPoints', () => {
  it('names the parameters whose own value shows the tag, or every place when none alone does', () => {
    // The payload is in `pre`; `id` and `job` carry ordinary values.
    expect(payloadPoints('GET /f/job.php?job=getzone&id=0&pre=qb where lid=-0 union select 0,0', 'sql_injection')).toEqual(['pre']);
    expect(payloadPoints("GET /a?id=0' or 0=0&page=0", 'sql_injection')).toEqual(['id']);
    // Two parameters each with a payload of their own.
    expect(payloadPoints("GET /a?id=0' or 0=0&q=0 union select 0", 'sql_injection')).toEqual(['id', 'q']);
    // A tag that no single parameter shows (the record's tag came from the request as a whole):
    // every parameter, as injectionPoints.
    expect(payloadPoints('GET /a?dir=..&file=etc', 'path_traversal')).toEqual(['dir', 'file']);
    // The payload in a parameter's name (no `=`): nothing carries it alone.
    expect(payloadPoints("GET /news/?0'union select 0 from t", 'sql_injection')).toEqual(["0'union select 0 from t"]);
    expect(payloadPoints('GET /../../etc/passwd', 'path_traversal')).toEqual(['/../../etc/passwd']);
  });
});

describe('payloadLinks', () => {
  it('does not link two clients by a parameter that carries the payload for only one of them', () => {
    const { profiles } = build([
      // Payload in `id` on both requests.
      { ip: 0, text: 'GET /hit.asp?lx=about&id=0 and 0=0 union select password from admin', tags: ['sql_injection'] },
      { ip: 0, text: 'GET /count.asp?id=0 union select 0,0', tags: ['sql_injection'] },
      // Payload in `pre`, an ordinary `id` next to it: was `sql_injection in id` before.
      { ip: 1, text: 'GET /job.php?job=getzone&id=0&pre=qb where lid=-0 union select 0', tags: ['sql_injection'] },
      { ip: 1, text: 'GET /job.php?job=list&id=0&pre=0 union select 0,0', tags: ['sql_injection'] },
      // Payload in `id` too: one family with client 0.
      { ip: 2, text: 'GET /view.php?page=0&id=0 union select user()', tags: ['sql_injection'] },
    ]);
    expect(profiles.get(1)!.families).toEqual(new Map([['sql_injection in pre', 2]]));
    expect(pairs(payloadLinks(profiles))).toEqual([[0, 2]]);
  });


  it('links clients whose tagged findings mostly share a payload family, on any page', () => {
    const { profiles } = build([
      { ip: 0, text: "GET /a?id=0' or 0=0--", tags: ['sql_injection'] },
      { ip: 0, text: "GET /b?id=0 union select 0--", tags: ['sql_injection'] },
      { ip: 1, text: "GET /c?id=0' and sleep(0)#", tags: ['sql_injection'] },
      // Shares `sql_injection in id` on one request of four: not the same family.
      { ip: 2, text: "GET /d?id=0' or 0=0--", tags: ['sql_injection'] },
      { ip: 2, text: 'GET /d?q=<script>', tags: ['xss'] },
      { ip: 2, text: 'GET /e?q=<svg onload=0>', tags: ['xss'] },
      { ip: 2, text: 'GET /f?q=<img src=x>', tags: ['xss'] },
      // The same parameter with another attack.
      { ip: 3, text: 'GET /g?id=<script>', tags: ['xss'] },
    ]);
    expect(pairs(payloadLinks(profiles))).toEqual([[0, 1]]);
  });
});

describe('probeLinks', () => {
  const probes = (ip: number, routes: string[]) => routes.map((route) => ({ ip, text: `GET ${route}`, probe: true }));

  it('links hostile clients whose probed routes have Jaccard ≥ 0.5', () => {
    const { profiles } = build([
      ...probes(0, ['/.env', '/.git/config', '/wp-login.php', '/phpmyadmin/']),
      ...probes(1, ['/.env', '/.git/config', '/wp-login.php', '/backup.sql']), // 3 of 5: 0.6
      ...probes(2, ['/.env', '/.git/config', '/admin/', '/server-status', '/x.php']), // with 0: 2 of 7
    ]);
    const hostile = Uint8Array.from([1, 1, 1]);
    expect(pairs(probeLinks(profiles, hostile))).toEqual([[0, 1]]);
    expect(probeLinks(profiles, Uint8Array.from([1, 0, 1]))).toEqual([]);
  });

  it('needs minProbeRoutes probed routes on both sides', () => {
    const { profiles } = build([...probes(0, ['/.env', '/.git/config']), ...probes(1, ['/.env', '/.git/config'])]);
    expect(probeLinks(profiles, Uint8Array.from([1, 1]))).toEqual([]);
    expect(pairs(probeLinks(profiles, Uint8Array.from([1, 1]), { ...LINK_DEFAULTS, minProbeRoutes: 2 }))).toEqual([[0, 1]]);
  });
});

describe('toolkitLinks', () => {
  const mix = (ip: number, counts: Record<string, number>) =>
    Object.entries(counts).flatMap(([tag, n]) => Array.from({ length: n }, (_, i) => ({ ip, text: `GET /${tag}/${ip}/${i}?p=x`, tags: [tag] })));

  it('links multi-attack clients whose tag proportions agree (cosine ≥ 0.75)', () => {
    const { profiles } = build([
      ...mix(0, { xss: 4, sql_injection: 4, path_traversal: 2 }),
      ...mix(1, { xss: 5, sql_injection: 3, path_traversal: 2 }),
      ...mix(2, { path_traversal: 8, xss: 1, sql_injection: 1 }), // cosine with 0: 0.49
      // One attack with incidental other tags is no toolkit, however close its proportions.
      ...mix(3, { xss: 18, sql_injection: 1, path_traversal: 1 }),
    ]);
    expect(pairs(toolkitLinks(profiles))).toEqual([[0, 1]]);
  });

  it('takes a request with two tags for one attack, not a second kind', () => {
    // An IIS worm's traversals to cmd.exe (path traversal and command injection in one request) and a
    // scanner's mix of traversals and file probes (first held-out set: cosine 0.76 by the counts of all tags).
    const worm = [
      ...Array.from({ length: 12 }, (_, i) => ({ ip: 0, text: `GET /scripts/..%c0%af../winnt/system0/cmd.exe?/c dir ${i}`, tags: ['path_traversal', 'command_injection'] })),
      ...Array.from({ length: 5 }, (_, i) => ({ ip: 0, text: `GET /scripts/..%c0%af../winnt/x${i}.exe`, tags: ['path_traversal'] })),
    ];
    const { profiles } = build([...worm, ...mix(1, { path_traversal: 13, sensitive_file_probe: 7, command_injection: 1 })]);
    expect(profiles.get(0)!.tags).toEqual(new Map([['path_traversal', 17], ['command_injection', 12]]));
    expect(profiles.get(0)!.soloTags).toEqual(new Map([['path_traversal', 5]]));
    expect(toolkitLinks(profiles)).toEqual([]);
    // The same counts from requests of one tag each would be a tool like the scanner.
    const { profiles: single } = build([...mix(0, { path_traversal: 17, command_injection: 12 }), ...mix(1, { path_traversal: 13, sensitive_file_probe: 7, command_injection: 1 })]);
    expect(pairs(toolkitLinks(single))).toEqual([[0, 1]]);
  });
});

describe('templateLinks', () => {
  it('links clients most of whose finding texts lie within eps of the other’s', () => {
    const { profiles, texts } = build([
      { ip: 0, text: 'GET /a?x=aaa' },
      { ip: 0, text: 'GET /a?x=aab' },
      { ip: 1, text: 'GET /a?x=aac' },
      { ip: 2, text: 'GET /zzz' },
    ]);
    // Texts 0, 1, 2 are within 0.2 of each other; text 3 is 0.31 from all of them.
    const near = neighborsOf(texts.length, (a, b) => (a === 3 || b === 3 ? 0.31 : 0.2));
    const ordinary = () => false;
    expect(pairs(templateLinks(profiles, { neighbors: near, eps: 0.3, ordinary }))).toEqual([[0, 1]]);
    expect(pairs(templateLinks(profiles, { neighbors: near, eps: 0.31, ordinary }))).toEqual([[0, 1], [0, 2], [1, 2]]);
  });
});

describe('templateLinks and payloadLinks need the share on both sides', () => {
  it('does not link a client that mostly matches the other to one that mostly does not, whichever has the lower id', () => {
    for (const [narrow, wide] of [[0, 1], [1, 0]] as const) {
      // `narrow` sends one request, near one of `wide`'s three; wide's share matched is 1/3.
      const { profiles, texts } = build([
        { ip: narrow, text: 'GET /a?x=aaa' },
        { ip: wide, text: 'GET /a?x=aab' },
        { ip: wide, text: 'GET /q1' },
        { ip: wide, text: 'GET /q2' },
      ]);
      const near = neighborsOf(texts.length, (a, b) => (a <= 1 && b <= 1 ? 0.2 : 1));
      expect(templateLinks(profiles, { neighbors: near, eps: 0.3, ordinary: () => false })).toEqual([]);
      // Two more near requests of `narrow`'s kind from `wide` (3 of 5): linked.
      const more = build([
        { ip: narrow, text: 'GET /a?x=aaa' },
        { ip: wide, text: 'GET /a?x=aab' },
        { ip: wide, text: 'GET /a?x=aab' },
        { ip: wide, text: 'GET /a?x=aab' },
        { ip: wide, text: 'GET /q1' },
        { ip: wide, text: 'GET /q2' },
      ]);
      expect(pairs(templateLinks(more.profiles, { neighbors: near, eps: 0.3, ordinary: () => false }))).toEqual([[0, 1]]);
    }
  });

  it('likewise for payload families', () => {
    const { profiles } = build([
      { ip: 0, text: "GET /p?id=1'--", tags: ['sql_injection'] },
      { ip: 1, text: "GET /p?id=2'--", tags: ['sql_injection'] },
      { ip: 1, text: 'GET /p?q=<script>', tags: ['xss'] },
      { ip: 1, text: 'GET /p?f=../../etc/passwd', tags: ['path_traversal'] },
    ]);
    expect(payloadLinks(profiles)).toEqual([]);
  });
});

describe('templateLinks and header attacks', () => {
  it('does not link clients by the ordinary page their header attacks came with', () => {
    const { profiles, texts } = build([
      { ip: 0, text: 'GET /', header: true },
      { ip: 1, text: 'GET /', header: true },
    ]);
    expect(templateLinks(profiles, { neighbors: neighborsOf(texts.length, () => 1), eps: 0.3, ordinary: () => false })).toEqual([]);
  });
});

/** Untagged findings, each a client and its request text. */
const sent = (...findings: Array<[number, string]>): Finding[] => findings.map(([ip, text]) => ({ ip, text }));

describe('ordinaryTexts', () => {
  it('is true for a text fewer than half of whose requests in the log are findings', () => {
    const { texts, ordinary } = build(
      sent([0, 'GET /style.css'], [1, 'GET /style.css'], [0, 'GET /a?x=1'], [1, 'GET /a?x=1'], [2, 'GET /b?x=2'], [2, 'GET /b?x=2']),
      // 2 findings of 500 requests; 2 of 4 (half is not fewer); 2 of 2.
      { 'GET /style.css': 500, 'GET /a?x=1': 4 },
    );
    expect(texts.map((_, id) => ordinary(id))).toEqual([true, false, false]);
  });
});

describe('templateLinks and the site’s ordinary pages', () => {
  // Two clients of different attacks fetched the same pages of the site (holdout-netnea8: a Referer
  // SQL injection client and a Shellshock User-Agent client, by the CSS bundle the background fetched
  // thousands of times).
  const findings = sent([0, 'GET /css/token.css?0'], [0, 'GET /css/token.css?0'], [0, 'GET /node/0'], [1, 'GET /css/token.css?0'], [1, 'GET /node/0']);
  const near = (size: number) => neighborsOf(size, () => 1);

  it('links clients by the texts as long as they are mostly findings', () => {
    const { profiles, texts, ordinary } = build(findings);
    expect(pairs(templateLinks(profiles, { neighbors: near(texts.length), eps: 0.3, ordinary }))).toEqual([[0, 1]]);
  });

  it('does not link them when the site’s other requests of those texts are no findings', () => {
    const { profiles, texts, ordinary } = build(findings, { 'GET /css/token.css?0': 4000, 'GET /node/0': 900 });
    expect(templateLinks(profiles, { neighbors: near(texts.length), eps: 0.3, ordinary })).toEqual([]);
  });

  it('does not let a near ordinary text match, and counts it against the share', () => {
    const { profiles, texts, ordinary } = build(sent([0, 'GET /x.php?cmd=0'], [0, 'GET /'], [0, 'GET /'], [1, 'GET /x.php?cmd=0'], [2, 'GET /index']), {
      'GET /': 300,
      'GET /index': 300,
    });
    // Text 1 (`GET /`) and text 2 (`GET /index`) are within eps; text 0 is far from both.
    const neighbors = neighborsOf(texts.length, (a, b) => (a === 0 || b === 0 ? 1 : 0.1));
    // Client 0 matches client 1 on 1 of its 3 findings: no link; client 2 matches nobody.
    expect(templateLinks(profiles, { neighbors, eps: 0.3, ordinary })).toEqual([]);
    const none = () => false;
    expect(pairs(templateLinks(profiles, { neighbors, eps: 0.3, ordinary: none }))).toEqual([[0, 2]]);
  });
});

describe('payload families of header attacks', () => {
  it('links clients whose Referer carries the attack on ordinary requests', () => {
    const { profiles } = build([
      { ip: 0, text: 'GET /a.css', referer: ['sql_injection'] },
      { ip: 0, text: 'GET /b.js', referer: ['sql_injection'] },
      { ip: 1, text: 'GET /c.png', referer: ['sql_injection'] },
    ]);
    expect(profiles.get(0)!.families).toEqual(new Map([['sql_injection in Referer', 2]]));
    expect(pairs(payloadLinks(profiles))).toEqual([[0, 1]]);
  });

  it('takes a Referer that repeats an attack of its request for the request’s, not a second one through the header', () => {
    // A background client's own `union select` search, with its search page as the Referer of the next
    // requests (holdout-netnea8), and a client that sends SQL injection in its Referer alone.
    const { profiles } = build([
      { ip: 0, text: 'GET /search?keys=union select 0', tags: ['sql_injection'] },
      { ip: 0, text: 'POST /search?keys=union select 0', tags: ['sql_injection'], referer: ['sql_injection'] },
      { ip: 0, text: 'GET /search?keys=union select from x', tags: ['sql_injection'], referer: ['sql_injection'] },
      { ip: 0, text: 'GET /token.css?0', referer: ['sql_injection'] },
      { ip: 1, text: 'GET /a.css', referer: ['sql_injection'] },
      { ip: 1, text: 'GET /b.js', referer: ['sql_injection'] },
    ]);
    // The request's own tag stays its family though its Referer carries the same tag.
    expect(profiles.get(0)!.families).toEqual(new Map([['sql_injection in keys', 3], ['sql_injection in Referer', 1]]));
    expect(profiles.get(0)!.taggedRequests).toBe(4);
    // 1 of client 0's 4 tagged findings has the Referer family: no link.
    expect(payloadLinks(profiles)).toEqual([]);
  });

  it('does not count a Referer attack on a request that is itself an outlier', () => {
    // A scanner's `{${eval(…)}}` request, redirected to itself: its Referer repeats it (holdout-netnea5).
    const { profiles } = build([
      { ip: 0, text: 'GET /?q={${eval($_POST[c])}}', outlier: true, referer: ['xss'] },
      { ip: 0, text: 'GET /cds/?q={${eval%0$_POST[c]%0}}', outlier: true, referer: ['xss'] },
      { ip: 1, text: 'GET /robots.txt', referer: ['xss'] },
      { ip: 1, text: 'GET /a.js', referer: ['xss'] },
    ]);
    expect(profiles.get(0)!.taggedRequests).toBe(0);
    expect(profiles.get(0)!.families.size).toBe(0);
    expect(payloadLinks(profiles)).toEqual([]);
  });

  it('keeps a User-Agent attack on an anomalous request', () => {
    const { profiles } = build([
      { ip: 0, text: 'GET /x?id=0 or 0=0', tags: ['sql_injection'], agent: ['shellshock'] },
      { ip: 1, text: 'GET /y', outlier: true, agent: ['shellshock'] },
    ]);
    expect(profiles.get(0)!.families).toEqual(new Map([['sql_injection in id', 1], ['shellshock in User-Agent', 1]]));
    expect(profiles.get(1)!.families).toEqual(new Map([['shellshock in User-Agent', 1]]));
  });
});

describe('findCampaigns', () => {
  it('joins links transitively, counts requests and span, orders by clients', () => {
    const { input } = build([
      { ip: 0, text: "GET /a?id=0' or 0=0--", tags: ['sql_injection'], timeMs: 5000 },
      { ip: 1, text: "GET /b?id=0' or 0=0--", tags: ['sql_injection'], timeMs: 1000 },
      { ip: 1, text: "GET /b?id=0' or 0=0--", tags: ['sql_injection'], timeMs: 9000 },
      { ip: 2, text: "GET /c?id=0 union select 0--", tags: ['sql_injection'], timeMs: 3000 },
      { ip: 3, text: 'GET /s?q=<script>', tags: ['xss'] },
      { ip: 4, text: 'GET /t?q=<svg onload=0>', tags: ['xss'] },
      { ip: 5, text: 'GET /lonely' },
    ]);
    const ips = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'];
    const far = neighborsOf(input.texts.length, () => 1);
    const { campaigns, campaignOf } = findCampaigns({ ...input, ips, hostile: new Uint8Array(6), neighbors: far, eps: 0.3 });
    expect(campaigns).toEqual([
      {
        id: 'c1', clients: 3, ips: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], firstMs: 1000, lastMs: 9000, requests: 4,
        sample: ["GET /b?id=0' or 0=0--", "GET /a?id=0' or 0=0--", 'GET /c?id=0 union select 0--'],
        tags: ['sql_injection'], reason: '3 clients send the same payload family: sql_injection in id',
      },
      {
        id: 'c2', clients: 2, ips: ['10.0.0.4', '10.0.0.5'], firstMs: null, lastMs: null, requests: 2,
        sample: ['GET /s?q=<script>', 'GET /t?q=<svg onload=0>'], tags: ['xss'], reason: '2 clients send the same payload family: xss in q',
      },
    ]);
    expect(campaignOf.get('10.0.0.6')).toBeUndefined();
    expect(campaignOf.get('10.0.0.3')).toBe('c1');
  });
});
