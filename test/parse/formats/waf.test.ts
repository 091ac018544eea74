import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseWafEntry, wafFormat } from '../../../src/parse/formats/waf.js';
import { FIXTURES } from '../helpers.js';

const lines = readFileSync(FIXTURES + 'waf/test_waf_log.jsonl', 'utf8').trimEnd().split('\n');

describe('waf', () => {
  test('maps a real WAFv2 line, headers included', () => {
    expect(parseWafEntry(lines[0] as string, 'waf.jsonl', 1)).toEqual({
      file: 'waf.jsonl', line: 1, timeMs: 1682374606245, clientIp: 'X.X.X.X', method: 'GET', path: '/socket.io/',
      query: 'EIO=4&transport=polling&t=Nlqwc3G', protocol: 'HTTP/1.1', status: null, bytes: null, durationMs: null,
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:78.0) Gecko/20100101 Firefox/78.0',
      referer: 'http://XXXXXXXXXXXXXX.cloudfront.net/', cookie: 'language=en; welcomebanner_status=dismiss',
      host: 'XXXXXXXXXXXXXX.cloudfront.net', user: '',
      extras: {
        action: 'ALLOW', terminatingRuleId: 'Default_Action', terminatingRuleType: 'REGULAR', country: 'TR', httpSourceName: 'CF',
        webaclId: 'arn:aws:wafv2:us-east-1:XXXXXXXXXXXX:global/webacl/AWSWAFSecurityAutomations-Prod/47634e95-3f60-4b4a-9a4d-24965e1b8060',
      },
    });
  });

  test('a BLOCK with labels, COUNT matches and a custom response code', () => {
    const entry = {
      timestamp: 1700000000000, action: 'BLOCK', terminatingRuleId: 'SQLi', responseCodeSent: 403,
      labels: [{ name: 'awswaf:managed:aws:sql-database:SQLi_QueryArguments' }],
      nonTerminatingMatchingRules: [{ ruleId: 'count-1', action: 'COUNT' }],
      ruleGroupList: [{ nonTerminatingMatchingRules: [{ ruleId: 'count-2' }] }],
      httpRequest: { clientIp: '203.0.113.9', uri: '/login', args: "id=1'--", httpMethod: 'POST', headers: [{ name: 'user-agent', value: 'sqlmap' }] },
    };
    const r = parseWafEntry(JSON.stringify(entry), 'f', 1);
    expect(r).toMatchObject({
      status: 403, userAgent: 'sqlmap', query: "id=1'--",
      extras: { action: 'BLOCK', terminatingRuleId: 'SQLi', labels: 'awswaf:managed:aws:sql-database:SQLi_QueryArguments', nonTerminatingRules: 'count-1,count-2' },
    });
  });

  test.each([
    ['{"timestamp": 1, "httpRequest": {"clientIp": "1.2.3.4"', 'SEMLOG_BAD_JSON'],
    ['[1, 2]', 'SEMLOG_BAD_JSON'],
    ['null', 'SEMLOG_BAD_JSON'],
    ['{"timestamp": 1}', 'SEMLOG_MISSING_FIELD'],
    ['{"timestamp": 1, "httpRequest": {"clientIp": "1.2.3.4"}}', 'SEMLOG_MISSING_FIELD'],
    ['{"timestamp": "soon", "httpRequest": {"clientIp": "1.2.3.4", "uri": "/"}}', 'SEMLOG_BAD_TIME'],
  ])('%j → %s', (text, code) => {
    expect(parseWafEntry(text, 'f', 1)).toBe(code);
  });

  test('detect: WAF keys in the first object, one per line or pretty-printed', () => {
    expect(wafFormat.detect(lines)).toBe(1);
    const pretty = readFileSync(FIXTURES + 'waf/aws-log-parser_waf_log_pretty.json', 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(wafFormat.detect(pretty.slice(0, 20))).toBe(1);
    expect(wafFormat.detect(['{"level":"info","msg":"nginx json"}'])).toBe(0);
  });
});
