// The HTML report in real headless Chromium: charts drawn, the table sorts and filters, hostile log
// content shows as text and never runs, and the page requests nothing but itself.
// Needs Debian's chromium (.ci/run installs it); skipped loudly without it, except under CI=true, where it fails.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, type HtmlReportOptions } from '../../../src/report/render-html.js';
import type { Analysis } from '../../../src/types.js';
import { needs } from '../../helpers/needs.js';
import { attackAnalysis, IMG_PAYLOAD, SCRIPT_PAYLOAD, withManyFindings } from './attack-analysis.js';

const CHROMIUM = '/usr/bin/chromium';
// Background networking (updates, safe browsing) would try connections that a closed network refuses.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = needs(existsSync(CHROMIUM), `${CHROMIUM} (apt-get install chromium; .ci/run does)`);
const SCREENSHOT = process.env.SEMLOG_UPDATE_SCREENSHOT ? new URL('../../../docs/report-screenshot.png', import.meta.url) : null;

interface OpenedReport {
  page: Page;
  url: string;
  requests: string[];
  errors: string[];
}

describe.skipIf(!available)(`HTML report in Chromium${available ? '' : ` (skipped: ${CHROMIUM} not found; apt-get install chromium)`}`, () => {
  let browser: Browser;
  let analysis: Analysis;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'semlog-html-report-'));
    [browser, analysis] = await Promise.all([chromium.launch({ executablePath: CHROMIUM, args: ARGS }), attackAnalysis()]);
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const pages: Page[] = [];
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
  });

  async function open(report: Analysis, name: string, options: HtmlReportOptions = {}): Promise<OpenedReport> {
    const file = join(dir, name);
    writeFileSync(file, renderHtml(report, options));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    pages.push(page);
    const opened: OpenedReport = { page, url: pathToFileURL(file).href, requests: [], errors: [] };
    page.on('request', (request) => opened.requests.push(request.url()));
    page.on('pageerror', (error) => opened.errors.push(error.message));
    // CSP violations (a hash that does not match our own script) are reported on the console.
    page.on('console', (message) => { if (message.type() === 'error') opened.errors.push(message.text()); });
    await page.goto(opened.url);
    await page.waitForSelector('html[data-ready="true"]');
    return opened;
  }

  const cells = (page: Page, column: number) => page.$$eval(`#findings-table tbody tr td:nth-child(${column})`, (tds) => tds.map((td) => td.textContent ?? ''));
  const rowCount = (page: Page) => page.locator('#findings-table tbody tr').count();

  it('draws the timeline, the score histogram, the IP cards and the table', async () => {
    const { page, errors } = await open(analysis, 'report.html');
    const timeline = await page.locator('#timeline-chart svg').boundingBox();
    expect(timeline!.width).toBeGreaterThan(300);
    expect(timeline!.height).toBeGreaterThan(100);
    expect(await page.locator('#timeline-chart .bar').count()).toBe(analysis.timeline.length);
    expect(analysis.windows.length).toBeGreaterThan(0);
    expect(await page.locator('#timeline-chart rect.band').count()).toBe(new Set(analysis.windows.map((w) => w.startMs)).size);
    expect(await page.locator('#timeline-chart .band-mark').count()).toBe(analysis.windows.length);
    const histogram = await page.locator('#score-chart svg').boundingBox();
    expect(histogram!.width).toBeGreaterThan(300);
    const binned = await page.$$eval('#score-chart rect.bar', (bars) => bars.map((bar) => Number(bar.getAttribute('data-count'))));
    expect(binned.reduce((sum, n) => sum + n, 0)).toBe(analysis.lines.length);
    expect(await page.locator('#score-chart .threshold-label').textContent()).toBe('1.0: edge of every cluster');
    expect(await page.locator('#ips .ip-card').count()).toBe(Math.min(8, analysis.ips.length));
    // Each card shows what its client is (hostile, hammering, crawler, …) as a label chip.
    const shownLabels = analysis.ips.slice(0, 8).flatMap((ip) => ip.labels);
    expect(shownLabels.length).toBeGreaterThan(0);
    expect(await page.$$eval('#ips .ip-card .chip.label', (chips) => chips.map((c) => c.textContent))).toEqual(shownLabels);
    expect(analysis.campaigns.map((c) => c.ips)).toEqual([['203.0.113.10', '203.0.113.9']]);
    expect(await page.locator('#campaigns .campaign').count()).toBe(1);
    expect(await page.locator('#audit').textContent()).toBe('WAF auditNo WAF action in these logs.');
    expect(await rowCount(page)).toBe(analysis.lines.length);
    expect(await page.locator('#summary .tile .value').first().textContent()).toBe(analysis.summary.records.toLocaleString('en-US'));
    expect(errors).toEqual([]);
    if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT.pathname });
    else expect((await page.screenshot()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('marks where the clients without attack behaviour start among the IP cards', async () => {
    const first = analysis.ips[0]!;
    const client = (ip: string, score: number, labels: string[]) => ({ ...first, ip, score, labels });
    const grouped = { ...analysis, ips: [client('192.0.2.1', 18.4, ['hostile']), client('192.0.2.2', 23.3, []), client('192.0.2.3', 20, ['crawler'])] };
    const { page, errors } = await open(grouped, 'groups.html');
    const order = await page.$$eval('#ips .ip-grid > *', (nodes) => nodes.map((n) => (n.classList.contains('group-divider') ? 'divider' : n.querySelector('.ip')?.textContent)));
    expect(order).toEqual(['192.0.2.1', 'divider', '192.0.2.2', '192.0.2.3']);
    expect(await page.locator('#ips .ip-card').count()).toBe(3);
    // One group only: no divider.
    const single = await open({ ...grouped, ips: grouped.ips.slice(1) }, 'one-group.html');
    expect(await single.page.locator('#ips .group-divider').count()).toBe(0);
    expect([...errors, ...single.errors]).toEqual([]);
  });

  it('names a missing user agent in an IP card instead of leaving an empty entry', async () => {
    const first = analysis.ips[0]!;
    const withoutAgent = { ...analysis, ips: [{ ...first, topUserAgents: [['', 3]] as Array<[string, number]> }, ...analysis.ips.slice(1)] };
    const { page, errors } = await open(withoutAgent, 'no-agent.html');
    const agents = await page.$$eval('#ips .ip-card:first-child .top:last-child li', (items) => items.map((li) => li.textContent));
    expect(agents).toEqual(['3(no user agent)']);
    expect(errors).toEqual([]);
  });

  it('says in the summary how many records had their client read from X-Forwarded-For, and through which proxy rule', async () => {
    const scope = { excluded: { '10.9.0.0/16': 3 }, allowlisted: {}, forwarded: { '172.31.0.0/16': 1200, '<b>lb</b>': 5 } };
    const { page, errors } = await open({ ...analysis, summary: { ...analysis.summary, scope } }, 'forwarded.html');
    const text = await page.locator('.details .field', { hasText: 'Scope' }).locator('.val').textContent();
    expect(text).toBe('3 excluded by 10.9.0.0/16 · 1,200 with their client from X-Forwarded-For behind 172.31.0.0/16 · 5 with their client from X-Forwarded-For behind <b>lb</b>');
    expect(await page.locator('.details b').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('names a skipped file in the summary and says why, as text', async () => {
    const skipped = { file: 'logs/<b>new</b>.log', format: 'skipped', records: 0, malformed: 0, skipped: 'cannot detect the log format of logs/<b>new</b>.log (first line: "<img src=x>")' };
    const summary = { ...analysis.summary, files: analysis.summary.files + 1, inputs: [...analysis.summary.inputs, skipped] };
    const { page, errors } = await open({ ...analysis, summary }, 'skipped.html');
    expect(await page.locator('.tile', { hasText: 'records' }).locator('.sub').textContent()).toMatch(/, 1 skipped$/);
    const inputs = await page.locator('.details .field', { hasText: 'Inputs' }).locator('li').allTextContents();
    expect(inputs.at(-1)).toBe('logs/<b>new</b>.log (skipped, 0 records: cannot detect the log format of logs/<b>new</b>.log (first line: "<img src=x>"))');
    expect(await page.locator('.details b, .details img').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('marks --fail-on in the histogram, with every bin wholly below or above it', async () => {
    const failOn = 4.5;
    const { page, errors } = await open(analysis, 'fail-on.html', { failOn });
    expect(await page.locator('#score-chart .threshold-label').textContent()).toBe('--fail-on 4.5');
    const over = await page.$$eval('#score-chart rect.bar.over', (bars) => bars.map((bar) => Number(bar.getAttribute('data-count'))));
    expect(over.reduce((sum, n) => sum + n, 0)).toBe(analysis.lines.filter((l) => l.score >= failOn).length);
    expect(await page.locator('#findings-table tbody tr.over').count()).toBe(analysis.lines.filter((l) => l.score >= failOn).length);
    expect(errors).toEqual([]);
  });

  it('shows the attack payloads as text and never runs them', async () => {
    const { page, url, requests, errors } = await open(analysis, 'hostile.html');
    // The findings hold the masked text (digits become 0); the IP card holds the raw path and user agent.
    const maskedScript = SCRIPT_PAYLOAD.replace('=1', '=0');
    expect(analysis.lines.some((l) => l.text.includes(maskedScript))).toBe(true);
    expect(await page.locator('#findings-table').textContent()).toContain(maskedScript);
    const ips = await page.locator('#ips').textContent();
    expect(ips).toContain(SCRIPT_PAYLOAD);
    expect(ips).toContain(IMG_PAYLOAD);
    expect(await page.locator('#campaigns').textContent()).toContain(maskedScript);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    // What the page script parses: the island's text as the browser's HTML parser left it.
    const island = JSON.parse((await page.locator('#semlog-data').textContent())!) as { analysis: Analysis };
    expect(island.analysis).toEqual(analysis);
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
  });

  it('shows the WAF audit’s groups as text', async () => {
    const group = { rule: SCRIPT_PAYLOAD, action: 'BLOCK', route: '/p/', requests: 2, clients: 1, sample: [{ file: 'waf.jsonl', line: 3, ip: '203.0.113.9', text: IMG_PAYLOAD }], reason: SCRIPT_PAYLOAD };
    const { page, errors } = await open({ ...analysis, audit: { records: 5, allowed: [], blocked: [group] } }, 'audit.html');
    expect(await page.locator('#audit-allowed').textContent()).toBe('Allowed by the WAF, reported by semlog: possible gaps in its rules (0)None.');
    const blocked = await page.locator('#audit-blocked li').first().textContent();
    expect(blocked).toContain(`BLOCK ${SCRIPT_PAYLOAD} /p/ · 2 requests from 1 clients`);
    expect(blocked).toContain(`${IMG_PAYLOAD} 203.0.113.9 · waf.jsonl:3`);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows the categorical anomalies as text, best first', async () => {
    const categories: Analysis['categories'] = [
      {
        type: 'client_mix', score: 5.3, ip: '203.0.113.9', startMs: null, endMs: null, clients: [], first: null,
        values: [{ field: 'wafAction', value: SCRIPT_PAYLOAD, count: 10, total: 25, share: 0.4, expected: 0.01 }],
        reasons: [`wafAction ${SCRIPT_PAYLOAD}: 10 of the client's 25 requests (40%), against 1% of the other clients' 300`],
      },
      {
        type: 'new_value', score: 4.1, ip: null, startMs: 0, endMs: 60_000, clients: ['175.45.176.1'], first: { file: 'waf.jsonl', line: 7 },
        values: [{ field: 'country', value: 'KP', count: 12, total: 240, share: 0.05, expected: 0 }],
        reasons: ['country KP: 12 requests (5%), never seen in the baseline (4 values over 228 requests)'],
      },
    ];
    const { page, errors } = await open({ ...analysis, categories }, 'categories.html');
    const items = await page.$$eval('#categories > ul > li', (lis) => lis.map((li) => [li.getAttribute('data-type'), li.textContent]));
    expect(items).toEqual([
      ['client_mix', `client mix wafAction=${SCRIPT_PAYLOAD} · 5.3 bits · client 203.0.113.9${categories[0]!.reasons[0]}`],
      ['new_value', `new value country=KP · 4.1 bits · 1970-01-01 00:00 – 1970-01-01 00:01 UTC${categories[1]!.reasons[0]}clients: 175.45.176.1 · first: waf.jsonl:7`],
    ]);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(errors).toEqual([]);
    const none = await open({ ...analysis, categories: [] }, 'no-categories.html');
    expect(await none.page.locator('#categories').textContent()).toMatch(/^Categorical anomaliesNo categorical value/);
  });

  it('sorts by a column on a header click, and back on a second click', async () => {
    const { page, errors } = await open(analysis, 'sort.html');
    const ipOrder = (ips: string[]) => ips.map((ip) => ip.split('.').map((n) => n.padStart(3, '0')).join('.'));
    const before = await cells(page, 3);
    await page.click('#findings-table th[data-key="ip"] button');
    const ascending = await cells(page, 3);
    expect(ascending).not.toEqual(before);
    expect(ipOrder(ascending)).toEqual(ipOrder(ascending).sort());
    expect(await page.getAttribute('#findings-table th[data-key="ip"]', 'aria-sort')).toBe('ascending');
    await page.click('#findings-table th[data-key="ip"] button');
    expect(ipOrder(await cells(page, 3))).toEqual(ipOrder(ascending).sort().reverse());
    // Scores and counts sort best first on the first click.
    // Rounded as the page rounds (toLocaleString rounds 2.905 up; toFixed may not, by its binary value).
    const scores = analysis.lines.map((l) => +l.score.toLocaleString('en-US', { maximumFractionDigits: 2 })).sort((a, b) => b - a);
    await page.click('#findings-table th[data-key="score"] button');
    expect((await cells(page, 1)).map(Number)).toEqual(scores);
    await page.click('#findings-table th[data-key="score"] button');
    expect((await cells(page, 1)).map(Number)).toEqual(scores.reverse());
    expect(errors).toEqual([]);
  });

  it('filters by text and by tag', async () => {
    const { page, errors } = await open(analysis, 'filter.html');
    await page.fill('#findings-filter', 'pwned');
    await expect.poll(() => rowCount(page)).toBe(analysis.lines.filter((l) => l.text.includes('pwned')).length);
    for (const text of await cells(page, 4)) expect(text).toContain('pwned');
    await page.fill('#findings-filter', '');
    await expect.poll(() => rowCount(page)).toBe(analysis.lines.length);
    await page.selectOption('#findings-tag', 'sql_injection');
    expect(await rowCount(page)).toBe(analysis.lines.filter((l) => l.tags.includes('sql_injection')).length);
    expect(await page.locator('#findings-status').textContent()).toContain(`filtered from ${analysis.lines.length}`);
    expect(errors).toEqual([]);
  });

  it('keeps one page of rows in the DOM with 10,000 findings', async () => {
    const many = withManyFindings(analysis, 10_000);
    const { page, errors } = await open(many, 'many.html');
    expect(await rowCount(page)).toBe(100);
    expect(await page.locator('#findings-status').textContent()).toBe('Rows 1–100 of 10,000 · page 1 of 100');
    // The report opens in its own order (lines with attack evidence first), no column marked as sorted;
    // a click sorts by score alone, best first, and a second turns it round.
    expect(await page.getAttribute('#findings-table th[data-key="score"]', 'aria-sort')).toBe('none');
    expect((await cells(page, 1))[0]).toBe(many.lines[0]!.score.toLocaleString('en-US', { maximumFractionDigits: 2 }));
    await page.click('#findings-table th[data-key="score"] button');
    expect(await page.getAttribute('#findings-table th[data-key="score"]', 'aria-sort')).toBe('descending');
    await page.click('#findings-table th[data-key="score"] button');
    expect(Number((await cells(page, 1))[0])).toBe(+Math.min(...many.lines.map((l) => l.score)).toFixed(2));
    await page.click('.pager button:has-text("Next")');
    expect(await page.locator('#findings-status').textContent()).toContain('Rows 101–200');
    const ip = many.lines[1234]!.ip;
    await page.fill('#findings-filter', ip);
    await expect.poll(() => rowCount(page)).toBe(many.lines.filter((l) => [l.ip, l.text, l.file, ...l.reasons].join(' ').includes(ip)).length);
    const binned = await page.$$eval('#score-chart rect.bar', (bars) => bars.map((bar) => Number(bar.getAttribute('data-count'))));
    expect(binned.reduce((sum, n) => sum + n, 0)).toBe(10_000);
    expect(errors).toEqual([]);
  });
});
