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

  test('the documented example: rule groups with COUNT and excluded rules, rate-based rules, source', () => {
    const text = readFileSync(FIXTURES + 'waf/aws-log-parser_waf_log_pretty.json', 'utf8');
    const r = parseWafEntry(text, 'f', 1);
    expect(typeof r === 'string' ? r : r.extras).toEqual({
      action: 'ALLOW', terminatingRuleId: 'Default_Action', terminatingRuleType: 'REGULAR', country: 'US', httpSourceName: 'CF',
      webaclId: '385cb038-3a6f-4f2f-ac64-09ab912af590',
      nonTerminatingRules: '4659b181-2011-4a91-bbd4-08851a9aaf52,4659b169-2083-4a91-bbd4-08851a9aaf74',
      ruleGroups: '41f4eb08-4e1b-2985-92b5-e8abf434fad3(count=4659b169-2083-4a91-bbd4-08851a9aaf74;excluded=5432a230-0113-5b83-bbb2-89375c5bfa98)',
      rateBasedRules: '7c968ef6-32ec-4fee-96cc-51198e412e7f:IP:100,462b169-2083-4a93-bbd4-08851a9aaf30:IP:100',
    });
  });

  test('a managed rule group that blocked: the group and its rule; a failed CAPTCHA', () => {
    const entry = {
      timestamp: 1700000000000, action: 'CAPTCHA', terminatingRuleId: 'AWS-AWSManagedRulesCommonRuleSet', terminatingRuleType: 'MANAGED_RULE_GROUP',
      ruleGroupList: [
        { ruleGroupId: 'AWS#AWSManagedRulesCommonRuleSet', terminatingRule: { ruleId: 'SizeRestrictions_BODY', action: 'BLOCK' }, nonTerminatingMatchingRules: [], excludedRules: null },
        { ruleGroupId: 'AWS#AWSManagedRulesSQLiRuleSet', terminatingRule: null, nonTerminatingMatchingRules: [], excludedRules: null },
      ],
      captchaResponse: { responseCode: 405, failureReason: 'TOKEN_MISSING' },
      httpRequest: { clientIp: '203.0.113.9', uri: '/upload', httpMethod: 'POST', country: 'BR' },
    };
    const r = parseWafEntry(JSON.stringify(entry), 'f', 1);
    expect(r).toMatchObject({
      extras: {
        action: 'CAPTCHA', terminatingRuleType: 'MANAGED_RULE_GROUP', terminatingGroupRule: 'SizeRestrictions_BODY', country: 'BR',
        ruleGroups: 'AWS#AWSManagedRulesCommonRuleSet(terminating=SizeRestrictions_BODY)', captchaFailure: 'TOKEN_MISSING',
      },
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
