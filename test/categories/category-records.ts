// Test helper: records for the categorical detector, built as log lines and read by the real parsers,
// and the counts the ingest stage would keep for them.
import { readFileSync } from 'node:fs';
import { CategoryCounts } from '../../src/categories/category-counts.js';
import { cloudfrontFormat } from '../../src/parse/formats/cloudfront.js';
import { parseAlbLine } from '../../src/parse/formats/alb.js';
import { parseWafEntry } from '../../src/parse/formats/waf.js';
import type { LogRecord } from '../../src/types.js';

export const WINDOW_MS = 300_000;

/** Counts as ingestRecords keeps them: client ids in first-seen order. */
export function countRecords(records: readonly LogRecord[]): { counts: CategoryCounts; ips: string[] } {
  const counts = new CategoryCounts(WINDOW_MS);
  const ids = new Map<string, number>();
  const ips: string[] = [];
  for (const record of records) {
    let id = ids.get(record.clientIp);
    if (id === undefined) {
      id = ips.length;
      ids.set(record.clientIp, id);
      ips.push(record.clientIp);
    }
    counts.add(record, id, record.clientIp);
  }
  return { counts, ips };
}

function parsed(result: LogRecord | string): LogRecord {
  if (typeof result === 'string') throw new Error(`expected a record, got ${result}`);
  return result;
}

export interface WafRequest {
  timeMs: number;
  ip: string;
  action?: string;
  rule?: string;
  country?: string;
  line?: number;
  /** Names of the labels the WAF's rules added. */
  labels?: string[];
}

/** A WAF log object as AWS writes it, read by the WAF parser. */
export function wafRecord(request: WafRequest): LogRecord {
  const entry = {
    timestamp: request.timeMs, formatVersion: 1, webaclId: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/test/1',
    terminatingRuleId: request.rule ?? 'Default_Action', terminatingRuleType: 'REGULAR', action: request.action ?? 'ALLOW',
    httpSourceName: 'CF', ruleGroupList: [], rateBasedRuleList: [], nonTerminatingMatchingRules: [],
    ...(request.labels && { labels: request.labels.map((name) => ({ name })) }),
    httpRequest: { clientIp: request.ip, country: request.country ?? 'US', headers: [], uri: '/login', args: '', httpVersion: 'HTTP/1.1', httpMethod: 'GET' },
  };
  return parsed(parseWafEntry(JSON.stringify(entry), 'built.jsonl', request.line ?? 1));
}

/** An ALB line like the documented example, with its client, time, ELB and target status changed. */
export function albRecord(template: string, ip: string, timeIso: string, elbStatus: number, targetStatus: string): LogRecord {
  const fields = template.split(' ');
  fields[1] = timeIso;
  fields[3] = `${ip}:4711`;
  fields[8] = String(elbStatus);
  fields[9] = targetStatus;
  return parsed(parseAlbLine(fields.join(' '), 'built-alb.log', 1));
}

/** CloudFront rows under the real 33-field header, with time, client, status and edge result changed. */
export function cloudfrontRecords(realFile: string, rows: ReadonlyArray<{ timeMs: number; ip: string; status: number; result: string }>): LogRecord[] {
  const lines = readFileSync(realFile, 'utf8').split('\n');
  const header = lines.find((line) => line.startsWith('#Fields:'))!;
  const template = lines.find((line) => line !== '' && !line.startsWith('#'))!.split('\t');
  const parser = cloudfrontFormat.createParser();
  parser.comment?.(header);
  return rows.map((row, i) => {
    const iso = new Date(row.timeMs).toISOString();
    const fields = [...template];
    fields[0] = iso.slice(0, 10);
    fields[1] = iso.slice(11, 19);
    fields[4] = row.ip;
    fields[8] = String(row.status);
    fields[13] = row.result; // x-edge-result-type
    fields[22] = row.result; // x-edge-response-result-type
    fields[28] = row.result; // x-edge-detailed-result-type
    return parsed(parser.parse(fields.join('\t'), 'built-cf.log', i + 1));
  });
}
