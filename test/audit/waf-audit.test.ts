// The WAF audit on the real AWS WAF sample (an OWASP Juice Shop behind AWS WAF, every request
// allowed; skips when ../shared/data is absent) with three records built from its own lines: Juice
// Shop's SQL injection that the WAF allowed, a normal page it blocked, and an attack it blocked.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { wafAudit } from '../../src/audit/waf-audit.js';
import { analyze } from '../../src/pipeline/analyze.js';
import type { Analysis } from '../../src/types.js';
import { DATA } from '../features/attack-mix.js';
import { trigramEmbedder } from '../helpers/trigram-embedder.js';

const SAMPLE = `${DATA}aws-format-samples/waf/aws-waf-security-automations_test_waf_log.jsonl`;
const ALLOWED_SQLI = '198.51.100.77';
const BLOCKED_NORMAL = '198.51.100.78';
const BLOCKED_ATTACK = '198.51.100.79';
const MANAGED_RULE = 'AWS-AWSManagedRulesCommonRuleSet';

type WafEntry = { timestamp: number; action: string; terminatingRuleId: string; terminatingRuleType: string; httpRequest: { clientIp: string; uri: string; args: string } };

describe.skipIf(!existsSync(SAMPLE))('WAF audit on the real WAF sample', () => {
  let analysis: Analysis;
  let sampleLines = 0;

  beforeAll(async () => {
    const lines = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n');
    sampleLines = lines.length;
    const entries = lines.map((line) => JSON.parse(line) as WafEntry);
    const like = (uri: string) => entries.find((e) => e.httpRequest.uri === uri)!;
    const built = (template: WafEntry, change: { ip: string; uri?: string; args?: string; action: string; rule: string }): string => {
      const entry = structuredClone(template);
      entry.timestamp += 1000;
      entry.action = change.action;
      entry.terminatingRuleId = change.rule;
      entry.terminatingRuleType = change.rule === 'Default_Action' ? 'REGULAR' : 'MANAGED_RULE_GROUP';
      entry.httpRequest = { ...entry.httpRequest, clientIp: change.ip, uri: change.uri ?? entry.httpRequest.uri, args: change.args ?? entry.httpRequest.args };
      return JSON.stringify(entry);
    };
    const search = like('/rest/products/search');
    lines.push(
      // Juice Shop's own SQL injection challenge, let through by the default action.
      built(search, { ip: ALLOWED_SQLI, args: "q=qwert'))%20UNION%20SELECT%20id,email,password,'4','5','6','7','8','9'%20FROM%20Users--", action: 'ALLOW', rule: 'Default_Action' }),
      // The page every browser of the sample asks for, blocked by a managed rule.
      built(like('/rest/user/whoami'), { ip: BLOCKED_NORMAL, action: 'BLOCK', rule: MANAGED_RULE }),
      // A blocked attack: the WAF was right, and the audit must not question it.
      built(search, { ip: BLOCKED_ATTACK, args: "q=1'%20or%201=1--", action: 'BLOCK', rule: 'SQLi_QUERYARGUMENTS' }),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-waf-audit-')), 'waf.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
  });

  it('counts every record with a WAF action', () => {
    expect(analysis.summary.format).toBe('waf');
    expect(analysis.audit.records).toBe(sampleLines + 3);
  });

  it('reports the SQL injection the WAF allowed as a possible rule gap', () => {
    // Nothing else of the real sample is a finding: the one group is the built request.
    expect(analysis.audit.allowed).toHaveLength(1);
    const group = analysis.audit.allowed[0]!;
    expect(group).toMatchObject({ rule: 'Default_Action', action: 'ALLOW', route: '/rest/products/search', requests: 1, clients: 1 });
    expect(group.sample.map((s) => s.ip)).toEqual([ALLOWED_SQLI]);
    expect(group.reason).toMatch(/request\(s\) the WAF let through \(ALLOW, Default_Action\) are semlog findings: possible gap in its rules$/);
    expect(analysis.audit.allowed.flatMap((g) => g.sample).some((s) => s.ip === BLOCKED_ATTACK)).toBe(false);
  });

  it('reports the blocked normal page as a possible false positive, and only it', () => {
    expect(analysis.audit.blocked).toHaveLength(1);
    const group = analysis.audit.blocked[0]!;
    expect(group).toMatchObject({ rule: MANAGED_RULE, action: 'BLOCK', route: '/rest/user/whoami', requests: 1, clients: 1 });
    expect(group.sample).toEqual([{ file: expect.stringMatching(/waf\.jsonl$/), line: sampleLines + 2, ip: BLOCKED_NORMAL, text: 'GET /rest/user/whoami' }]);
    expect(group.reason).toMatch(new RegExp(`^the WAF's ${MANAGED_RULE} stopped 1 request\\(s\\) \\(BLOCK\\) that sit in a dense cluster of \\d+ requests it let through from \\d+ ordinary client\\(s\\): possible false positive$`));
  });
});

describe('WAF audit on logs without a WAF', () => {
  it('is empty', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'semlog-no-waf-')), 'access.log');
    writeFileSync(file, '203.0.113.1 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8"\n');
    const analysis = await analyze({ paths: [file], embedder: trigramEmbedder(), cacheDir: false });
    expect(analysis.audit).toEqual({ records: 0, allowed: [], blocked: [] });
  });
});

describe('wafAudit on hand-built records', () => {
  // Texts 0 and 1 share cluster 0; text 2 is in cluster 1; text 3 is an outlier.
  const texts = ['GET /a', 'GET /a?x=0', 'GET /b', "GET /c?id=0' or 0=0--"];
  const clusters = Int32Array.from([0, 0, 1, -1]);
  const verdicts = ['ALLOW\tDefault_Action', 'BLOCK\tRuleX', 'COUNT\tRuleY'];
  type Row = [text: number, ip: number, verdict: number];
  const audit = (rows: Row[], options: { hostile?: number[]; findings?: number[] } = {}) =>
    wafAudit({
      rows: {
        size: rows.length,
        textId: (i) => rows[i]![0],
        fileId: () => 0,
        line: (i) => i + 1,
        ipId: (i) => rows[i]![1],
        wafVerdict: (i) => rows[i]![2],
      },
      verdicts,
      findingRows: options.findings ?? [],
      texts,
      files: ['waf.jsonl'],
      ips: ['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3'],
      clusters,
      flagged: Uint8Array.from([0, 0, 0, 1]),
      hostile: Uint8Array.from([0, 0, 0, 0].map((_, ip) => (options.hostile?.includes(ip) ? 1 : 0))),
      minAllowed: 3,
    });

  it('questions a block inside a cluster the WAF lets through from ordinary clients (COUNT lets through too)', () => {
    const result = audit([[0, 0, 0], [0, 1, 0], [1, 2, 2], [1, 3, 1]]);
    expect(result.blocked.map((g) => [g.rule, g.route, g.requests])).toEqual([['RuleX', '/a', 1]]);
    expect(result.blocked[0]!.reason).toContain('a dense cluster of 3 requests it let through from 3 ordinary client(s)');
  });

  it('does not question it when the cluster has too few allowed requests, more blocked ones, or only hostile clients', () => {
    expect(audit([[0, 0, 0], [0, 1, 0], [1, 3, 1]]).blocked).toEqual([]);
    expect(audit([[0, 0, 0], [0, 1, 0], [0, 2, 0], [1, 3, 1], [1, 3, 1], [1, 2, 1], [1, 1, 1]]).blocked).toEqual([]);
    expect(audit([[0, 0, 0], [0, 1, 0], [0, 2, 0], [1, 3, 1]], { hostile: [0, 1, 2] }).blocked).toEqual([]);
    // An outlier is never normal traffic, whoever else is allowed.
    expect(audit([[0, 0, 0], [0, 1, 0], [0, 2, 0], [3, 3, 1]]).blocked).toEqual([]);
  });

  it('lists the findings the WAF let through, by rule, action and route', () => {
    const result = audit([[3, 0, 0], [3, 1, 0], [2, 2, 2], [3, 3, 1]], { findings: [0, 1, 2, 3] });
    expect(result.allowed.map((g) => [g.action, g.rule, g.route, g.requests, g.clients])).toEqual([
      ['ALLOW', 'Default_Action', '/c', 2, 2],
      ['COUNT', 'RuleY', '/b', 1, 1],
    ]);
    expect(result.records).toBe(4);
  });
});
