// `--output csv`: one row per finding (ips first, then campaigns, then lines, then the WAF audit's
// groups, then the categorical anomalies) in one table a spreadsheet can open.

import type { Analysis } from '../types.js';
import { csvRow } from './csv-cell.js';

/**
 * `labels`: a client's (hostile, crawler, …), the fields a line's anomaly is in (request, userAgent,
 * referer), a campaign's attack tags, an audit group's kind, WAF action and rule, or a category
 * finding's type and fields (its `text` is its `field=value` pairs, its `ip` the client or the clients
 * that sent the value, its file and line the value's first record). `campaign`: the campaign id of an ip or line row, the id of a
 * campaign row. `attack`: a line row's `attack` (true or false: whether it carries attack evidence), empty on other rows.
 * Columns are only ever appended, so that readers of the older ones keep working.
 */
const HEADER = ['type', 'score', 'ip', 'file', 'line', 'reasons', 'text', 'labels', 'campaign', 'attack'];

export function* renderCsv(analysis: Analysis): Iterable<string> {
  yield csvRow(HEADER);
  for (const ip of analysis.ips) yield csvRow(['ip', round(ip.score), ip.ip, '', '', ip.reasons.join('; '), '', ip.labels.join(';'), ip.campaign, '']);
  // A campaign has no score of its own; its clients are its `ip` cell and its sample texts one per line of `text`.
  for (const c of analysis.campaigns) yield csvRow(['campaign', '', c.ips.join(';'), '', '', c.reason, c.sample.join('\n'), c.tags.join(';'), c.id, '']);
  for (const line of analysis.lines) {
    yield csvRow(['line', round(line.score), line.ip, line.file, line.line, line.reasons.join('; '), line.text, line.fields.join(';'), line.campaign, String(line.attack)]);
  }
  for (const kind of ['allowed', 'blocked'] as const) {
    for (const g of analysis.audit[kind]) {
      const first = g.sample[0];
      const ips = [...new Set(g.sample.map((s) => s.ip))].join(';');
      yield csvRow(['audit', '', ips, first?.file, first?.line, g.reason, g.sample.map((s) => s.text).join('\n'), `${kind};${g.action};${g.rule}`, '', '']);
    }
  }
  for (const c of analysis.categories) {
    const text = c.values.map((v) => `${v.field}=${v.value}`).join('\n');
    const labels = [c.type, ...new Set(c.values.map((v) => v.field))].join(';');
    yield csvRow(['category', round(c.score), c.ip ?? c.clients.join(';'), c.first?.file, c.first?.line, c.reasons.join('; '), text, labels, '', '']);
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
