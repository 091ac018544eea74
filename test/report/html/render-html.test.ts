// The HTML report as text: the data island survives hostile log content byte for byte, and the page
// carries a CSP that allows its own inline script and style and nothing else.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { embedJson } from '../../../src/report/html/embed-json.js';
import { PAGE_SCRIPT } from '../../../src/report/html/page-script.js';
import { PAGE_STYLE } from '../../../src/report/html/page-style.js';
import { renderHtml } from '../../../src/report/render-html.js';
import type { Analysis } from '../../../src/types.js';

const HOSTILE = [
  '</script><script>alert(1)</script>',
  '<!-- <script>',
  '</SCRIPT >',
  'line\u2028separator\u2029paragraph',
  '"><img src=x onerror=alert(1)>',
  '&lt; already &amp; escaped',
  '\u0000\u001b[2J\u202eevil',
  '\ud800 lone surrogate',
];

function hostileAnalysis(): Analysis {
  return {
    summary: {
      records: 3, malformed: 1, files: 1, format: 'combined', uniqueTexts: 2, cachedTexts: 0, outlierTexts: 1, clientIps: 2,
      scope: { excluded: { '</script>': 1 }, allowlisted: {} }, damagedFiles: 0, warnings: [HOSTILE[0]!], elapsedMs: 12, stageMs: { read: 5 },
      inputs: [{ file: '<b>a.log', format: 'combined', records: 3, malformed: 1 }],
    },
    lines: HOSTILE.map((text, i) => ({
      file: `${text}.log`, fields: ['request'], line: i + 1, ip: text, score: 5 - i / 2, reasons: [text], text, tags: ['xss'], count: 1, attack: true, outlierScore: 4,
      nearestNormal: [{ text, distance: 1.1 }],
    })),
    ips: [{
      ip: HOSTILE[1]!, score: 9, features: { request_count: 3 }, z: { request_count: 4 }, fired: ['request_count'], reasons: HOSTILE,
      requests: 3, flaggedLines: 1, tags: { xss: 1 }, topUris: [[HOSTILE[0]!, 2]], topUserAgents: [[HOSTILE[4]!, 2]], labels: [HOSTILE[2]!],
    }],
    audit: {
      records: 3,
      allowed: [{ rule: HOSTILE[0]!, action: HOSTILE[1]!, route: HOSTILE[2]!, requests: 1, clients: 1, sample: [{ file: HOSTILE[3]!, line: 1, ip: HOSTILE[4]!, text: HOSTILE[5]! }], reason: HOSTILE[6]! }],
      blocked: [{ rule: HOSTILE[7]!, action: 'BLOCK', route: HOSTILE[0]!, requests: 1, clients: 1, sample: [{ file: 'a.log', line: 2, ip: HOSTILE[1]!, text: HOSTILE[4]! }], reason: HOSTILE[0]! }],
    },
    campaigns: [{
      id: HOSTILE[6]!, clients: 2, ips: HOSTILE.slice(0, 2), firstMs: 0, lastMs: 1, requests: 2, sample: HOSTILE.slice(0, 5), tags: [HOSTILE[4]!], reason: HOSTILE[0]!,
    }],
    windows: [{ type: 'error_spike', startMs: 0, endMs: 300_000, score: 5, metrics: { requests: 3 }, z: { errorRate: 5 }, reasons: HOSTILE, windows: 1 }],
    categories: [{
      type: 'client_mix', score: 4.2, ip: HOSTILE[0]!, startMs: null, endMs: null, clients: [HOSTILE[1]!], first: { file: HOSTILE[2]!, line: 1 },
      values: [{ field: 'wafAction', value: HOSTILE[3]!, count: 40, total: 100, share: 0.4, expected: 0.02 }], reasons: HOSTILE,
    }],
    timeline: [{ startMs: 0, endMs: 300_000, requests: 3, uniqueClients: 2, errorRate: 0.67, serverErrorRate: 0, meanLatencyMs: null, bytes: 30 }],
    malformed: [{ file: 'a.log', line: 3, code: 'SEMLOG_BAD_REQUEST_LINE', excerpt: HOSTILE[0]! }],
  };
}

/** What a browser would hand to JSON.parse: the text up to the first end tag the HTML parser sees. */
function island(html: string): string {
  const match = /<script type="application\/json" id="semlog-data">([\s\S]*?)<\/script/i.exec(html);
  if (!match) throw new Error('no data island');
  return match[1]!;
}

function inlineScript(html: string): string {
  return /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

describe('embedJson', () => {
  it.each(HOSTILE)('parses back to the exact original: %j', (text) => {
    const json = embedJson({ text });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ text });
  });
});

describe('renderHtml', () => {
  const analysis = hostileAnalysis();
  const html = renderHtml(analysis, { title: '</title><script>alert(1)</script>', failOn: 2.5 });

  it('embeds the analysis so that no log line can end the data island', () => {
    const data = JSON.parse(island(html));
    expect(data).toEqual({ title: '</title><script>alert(1)</script>', failOn: 2.5, analysis });
    expect(island(html)).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('has exactly two script elements and no markup from the log or the title', () => {
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('sets a CSP that allows exactly its own inline script and style', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'sha256-${sha256(inlineScript(html))}'`);
    expect(csp).toContain(`style-src 'sha256-${sha256(/<style>([\s\S]*?)<\/style>/.exec(html)![1]!)}'`);
    expect(csp).toContain('img-src data:');
    expect(csp).not.toContain('unsafe');
    // A meta CSP only governs what comes after it.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(inlineScript(html)).toBe(PAGE_SCRIPT);
  });

  it('references nothing outside the file', () => {
    const page = html.replace(island(html), '');
    expect(page).not.toMatch(/\b(src|href|action)=/i);
    expect(page).not.toMatch(/@import|url\(/i);
    // The only URL is the SVG namespace, which is a name, never fetched.
    expect(page.match(/https?:\/\/[^\s'"]+/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('keeps its own script and style free of sequences that would end or confuse their elements', () => {
    for (const source of [PAGE_SCRIPT, PAGE_STYLE]) expect(source).not.toMatch(/<\/script|<\/style|<!--/i);
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
  });

  it('is pure: the same analysis gives the same page', () => {
    expect(renderHtml(analysis, { title: '</title><script>alert(1)</script>', failOn: 2.5 })).toBe(html);
    expect(JSON.parse(island(renderHtml(analysis, {})))).toMatchObject({ title: 'semlog report', failOn: null });
  });
});
