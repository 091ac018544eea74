// Every output format on one hand-built analysis whose log content is hostile by design.

import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.js';
import type { Analysis } from '../../src/types.js';

const hostile = 'GET /\u001b]0;owned\u0007?q==cmd|calc';
const analysis: Analysis = {
  summary: {
    records: 3, malformed: 1, files: 1, format: 'combined', uniqueTexts: 2, cachedTexts: 0, outlierTexts: 1, clientIps: 2,
    scope: { excluded: {}, allowlisted: {} }, damagedFiles: 0, warnings: [], elapsedMs: 12, stageMs: { read: 5 },
    inputs: [{ file: 'a.log', format: 'combined', records: 3, malformed: 1 }],
  },
  lines: [{
    file: 'a.log', fields: ['request'], line: 2, ip: '=1+1', score: 4.5, reasons: ['semantic outlier: …'], text: hostile, tags: ['command_injection'],
    count: 1, attack: true, outlierScore: 4.5, nearestNormal: [{ text: 'GET /', distance: 1.1 }], campaign: 'c1',
  }],
  ips: [{
    ip: '203.0.113.9', score: 9, features: { request_count: 3 }, z: { request_count: 4 }, fired: ['request_count'],
    reasons: ['request_count 3 is 4.0σ above normal'], requests: 3, flaggedLines: 1, tags: {}, topUris: [], topUserAgents: [], labels: ['hostile'],
    campaign: 'c1',
  }],
  audit: {
    records: 3,
    allowed: [{
      rule: 'Default_Action', action: 'ALLOW', route: '/', requests: 1, clients: 1, sample: [{ file: 'a.log', line: 2, ip: '=1+1', text: hostile }],
      reason: '1 request(s) the WAF let through (ALLOW, Default_Action) are semlog findings: possible gap in its rules',
    }],
    blocked: [],
  },
  campaigns: [{
    id: 'c1', clients: 2, ips: ['203.0.113.9', '=1+1'], firstMs: 0, lastMs: 60_000, requests: 3, sample: [hostile, 'GET /x?q=1;ls'],
    tags: ['command_injection'], reason: '2 clients send the same payload family: command_injection in q',
  }],
  windows: [{ type: 'error_spike', startMs: 0, endMs: 300_000, score: 5, metrics: { requests: 3 }, z: { errorRate: 5 }, reasons: ['errors up'], windows: 1 }],
  categories: [{
    type: 'new_value', score: 9.5, ip: null, startMs: 0, endMs: 60_000, clients: ['203.0.113.9', '=1+1'], first: { file: 'a.log', line: 2 },
    values: [{ field: 'country', value: 'XX', count: 12, total: 40, share: 0.3, expected: 0 }],
    reasons: ['country XX: 12 requests (30%), never seen in the baseline (3 values over 900 requests)'],
  }],
  timeline: [{ startMs: 0, endMs: 300_000, requests: 3, uniqueClients: 2, errorRate: 0.67, serverErrorRate: 0, meanLatencyMs: null, bytes: 30 }],
  malformed: [{ file: 'a.log', line: 3, code: 'SEMLOG_BAD_REQUEST_LINE', excerpt: 'junk\u001b[2J' }],
};

const render = (format: string) => [...renderReport(format, analysis, { top: 10 })].join('');

describe('renderReport', () => {
  it('json is the Analysis itself', () => {
    expect(JSON.parse(render('json'))).toEqual(analysis);
  });

  it('ndjson writes one typed object per line: summary, ips, campaigns, lines, windows, categories, audit groups, malformed', () => {
    const rows = render('ndjson').trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(rows.map((r) => r.type)).toEqual(['summary', 'ip', 'campaign', 'line', 'window', 'category', 'audit', 'malformed']);
    expect(rows[6]).toEqual({ type: 'audit', audit: 'allowed', ...analysis.audit.allowed[0] });
    expect(rows[5]).toEqual({ ...analysis.categories[0], type: 'category', category: 'new_value' });
    expect(rows[4]).toMatchObject({ window: 'error_spike', startMs: 0 });
    expect(rows[3]).toMatchObject({ text: hostile, campaign: 'c1' });
    expect(rows[2]).toEqual({ type: 'campaign', ...analysis.campaigns[0] });
  });

  it('json is written finding by finding, byte for byte JSON.stringify with two spaces', () => {
    const many = { ...analysis, lines: [analysis.lines[0]!, { ...analysis.lines[0]!, line: 3, reasons: ['a\nb', '"q"'] }], windows: [] };
    expect([...renderReport('json', many, {})].join('')).toBe(`${JSON.stringify(many, null, 2)}\n`);
    expect([...renderReport('json', analysis, {})].join('')).toBe(`${JSON.stringify(analysis, null, 2)}\n`);
  });

  it('csv escapes formula cells and keeps one row per finding', () => {
    const csv = render('csv');
    const rows = csv.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('type,score,ip,file,line,reasons,text,labels,campaign,attack');
    // The campaign's two sample texts share one quoted cell, one per line.
    const records = csv.split(/\r\n(?=(?:ip|campaign|line|audit|category),)/).filter(Boolean);
    expect(records).toHaveLength(6);
    expect(records[4]).toMatch(/^audit,,'=1\+1,a\.log,2,"1 request\(s\) the WAF let through \(ALLOW, Default_Action\) are semlog findings: possible gap in its rules",.*,allowed;ALLOW;Default_Action,,$/);
    // The clients that sent a new value fill its ip cell; its first record its file and line.
    expect(records[5]).toBe("category,9.5,203.0.113.9;=1+1,a.log,2,\"country XX: 12 requests (30%), never seen in the baseline (3 values over 900 requests)\",country=XX,new_value;country,,\r\n");
    expect(records[1]).toMatch(/,hostile,c1,$/);
    expect(records[2]).toMatch(/^campaign,,203\.0\.113\.9;=1\+1,,,2 clients send the same payload family: command_injection in q,"GET \/\u001b\]0;owned\u0007\?q==cmd\|calc\nGET \/x\?q=1;ls",command_injection,c1,$/);
    expect(records[3]).toContain(",'=1+1,");
    expect(records[3]).toMatch(/,request,c1,true$/); // a line with attack evidence
  });

  it('table never lets log content drive the terminal', () => {
    const table = render('table');
    expect(table).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(table).toContain('\\x1b]0;owned\\x07');
    expect(table).toContain('junk\\x1b[2J');
    expect(table).toContain('error_spike');
    expect(table).toContain('Categorical anomalies (1):\n     9.50  new_value    1970-01-01T00:00:00.000Z\n           country XX: 12 requests (30%), never seen in the baseline (3 values over 900 requests)\n');
    expect(table).toMatch(/Campaigns \(1\):\n {2}c1 {2}2 clients, 3 requests, 1970-01-01T00:00:00\.000Z – 1970-01-01T00:01:00\.000Z, tags: command_injection\n/);
    expect(table).toContain('why: 2 clients send the same payload family: command_injection in q');
    expect(table).toContain('WAF audit (3 records with a WAF action):\n  allowed by the WAF, reported by semlog (possible rule gaps): 1 group(s)\n');
    expect(table).toContain('        1 req     1 clients  ALLOW Default_Action  /\n');
    expect(table).toContain('  blocked by the WAF, inside normal traffic (possible false positives): none\n');
    expect(table).toContain('      GET /\\x1b]0;owned\\x07?q==cmd|calc\n');
  });

  it('lists the top IPs with their URIs and user agents, and counts feature hits', () => {
    const rich = { ...analysis, ips: [{ ...analysis.ips[0]!, topUris: [['/login', 40]] as Array<[string, number]>, topUserAgents: [['curl/8\u001b[31m', 40], ['', 2]] as Array<[string, number]> }] };
    const table = [...renderReport('table', rich, {})].join('');
    expect(table).toContain('Feature hits (IPs): request_count 1');
    // A client that sent no User-Agent (logged as "-") is named so, not a blank line.
    expect(table).toMatch(/203\.0\.113\.9 {2}3 requests\n\s+40 {2}\/login\n\s+40 {2}curl\/8\\x1b\[31m\n\s+2 {2}\(no user agent\)\n/);
  });

  it('colours only when asked, and never colours log content into escapes it did not have', () => {
    expect(render('table')).not.toContain('\u001b[');
    const coloured = [...renderReport('table', analysis, { color: true })].join('');
    expect(coloured).toContain('\u001b[1m');
    // The hostile text still arrives escaped inside the colours.
    expect(coloured).toContain('\\x1b]0;owned\\x07');
  });

  it('--top cuts machine formats only when given, the summary still counts everything', () => {
    const many = { ...analysis, lines: Array.from({ length: 5 }, (_, i) => ({ ...analysis.lines[0]!, line: i + 1 })) };
    expect((JSON.parse([...renderReport('json', many, {})].join('')) as { lines: unknown[] }).lines).toHaveLength(5);
    const cut = JSON.parse([...renderReport('json', many, { top: 2 })].join('')) as { lines: Array<{ line: number }>; summary: { records: number } };
    expect(cut.lines.map((l) => l.line)).toEqual([1, 2]);
    expect(cut.summary.records).toBe(3);
  });

  it('marks in the terminal where the clients without attack behaviour start, and only there', () => {
    const client = (ip: string, score: number, labels: string[]) => ({ ...analysis.ips[0]!, ip, score, labels, reasons: [`${ip} reason`] });
    const divider = '-- clients without attack behaviour (not hostile, hammering or a form bot), by score --';
    const grouped = { ...analysis, ips: [client('192.0.2.1', 18.4, ['hostile']), client('192.0.2.2', 47, ['hammering']), client('192.0.2.3', 23.3, []), client('192.0.2.4', 20, ['crawler'])] };
    const lines = [...renderReport('table', grouped, {})].join('').split('\n');
    const at = lines.findIndex((line) => line.includes(divider));
    expect(lines[at - 1]).toContain('192.0.2.2');
    expect(lines[at + 1]).toContain('192.0.2.3');
    expect(lines.filter((line) => line.includes(divider))).toHaveLength(1);
    // One group only, or an order that is not grouped (a learned client model's): no divider.
    const ungrouped = { ...grouped, ips: [grouped.ips[2]!, grouped.ips[0]!, grouped.ips[3]!] };
    for (const other of [{ ...grouped, ips: grouped.ips.slice(0, 2) }, { ...grouped, ips: grouped.ips.slice(2) }, ungrouped]) {
      expect([...renderReport('table', other, {})].join('')).not.toContain(divider);
    }
  });

  it('marks in the terminal where the lines without attack evidence start, and only there', () => {
    const line = (n: number, score: number, attack: boolean) => ({ ...analysis.lines[0]!, line: n, score, attack, text: `GET /line${n}` });
    const divider = '-- lines without attack evidence (no signature, not from a hostile client or a form bot), by score --';
    const grouped = { ...analysis, lines: [line(1, 1.76, true), line(2, 1.44, true), line(3, 6.77, false), line(4, 5.5, false)] };
    const out = [...renderReport('table', grouped, {})].join('').split('\n');
    const at = out.findIndex((row) => row.includes(divider));
    expect(out[at - 1]).toContain('why:'); // the last row of line 2
    expect(out[at + 1]).toContain('a.log:3');
    expect(out.filter((row) => row.includes(divider))).toHaveLength(1);
    // Attack lines only, odd lines only, or an order that is not grouped (a learned line model's): no divider.
    const ungrouped = { ...grouped, lines: [grouped.lines[2]!, grouped.lines[0]!, grouped.lines[3]!] };
    for (const other of [{ ...grouped, lines: grouped.lines.slice(0, 2) }, { ...grouped, lines: grouped.lines.slice(2) }, ungrouped]) {
      expect([...renderReport('table', other, {})].join('')).not.toContain(divider);
    }
  });

  it('names the files of a folder that were skipped as not a log, five at most, with log content escaped', () => {
    const skippedFile = (i: number) => ({ file: `logs/other${i}.txt`, format: 'skipped', records: 0, malformed: 0, skipped: `cannot detect the log format of logs/other${i}.txt (first line: "\u001b[2Jx")` });
    const withSkipped = (n: number): Analysis => ({
      ...analysis,
      summary: { ...analysis.summary, files: n + 1, inputs: [...analysis.summary.inputs, ...Array.from({ length: n }, (_, i) => skippedFile(i))] },
    });
    const one = [...renderReport('table', withSkipped(1), {})].join('');
    expect(one).toContain('semlog: 3 records in 2 file(s) (combined; 1 skipped), 1 malformed');
    expect(one).toContain('  skipped: cannot detect the log format of logs/other0.txt (first line: "\\x1b[2Jx")\n');
    const seven = [...renderReport('table', withSkipped(7), {})].join('').split('\n');
    expect(seven[0]).toContain('(combined; 7 skipped)');
    expect(seven.filter((row) => row.startsWith('  skipped: cannot detect'))).toHaveLength(5);
    expect(seven).toContain('  skipped: 2 more file(s) (summary.inputs in --output json)');
    // Nothing skipped: no note.
    expect(render('table')).not.toContain('skipped');
  });

  it('rejects an unknown format with the valid names', () => {
    expect(() => renderReport('xml', analysis, { top: 1 })).toThrow(/unknown output format 'xml'/);
  });
});
