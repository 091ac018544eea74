// `--output table` (default): a report for people at a terminal. All log content passes sanitizeTerminal.

import type { Analysis } from '../types.js';
import { sanitizeTerminal } from './sanitize-terminal.js';

export interface TableOptions {
  /** Rows per section. */
  top: number;
}

export function* renderTable(analysis: Analysis, options: TableOptions): Iterable<string> {
  const { summary } = analysis;
  yield `semlog: ${summary.records} records in ${summary.files} file(s) (${summary.format}), ` +
    `${summary.malformed} malformed, ${summary.uniqueTexts} unique texts, ${(summary.elapsedMs / 1000).toFixed(1)} s\n`;
  for (const input of summary.inputs) {
    if (input.damaged) yield `  damaged: ${sanitizeTerminal(input.file)}: ${sanitizeTerminal(input.damaged.message)}\n`;
  }
  if (analysis.ips.length > 0) {
    yield `\nAnomalous IPs (${analysis.ips.length}):\n`;
    for (const ip of analysis.ips.slice(0, options.top)) {
      yield `  ${ip.score.toFixed(2).padStart(7)}  ${sanitizeTerminal(ip.ip).padEnd(39)}  ${sanitizeTerminal(ip.reasons.join('; '))}\n`;
    }
  }
  if (analysis.lines.length > 0) {
    yield `\nAnomalous lines (${analysis.lines.length}):\n`;
    for (const line of analysis.lines.slice(0, options.top)) {
      yield `  ${line.score.toFixed(2).padStart(7)}  ${sanitizeTerminal(`${line.file}:${line.line}`)}  ${sanitizeTerminal(line.ip)}\n`;
      yield `           ${sanitizeTerminal(line.text)}\n           why: ${sanitizeTerminal(line.reasons.join('; '))}\n`;
    }
  }
  if (analysis.windows.length > 0) {
    yield `\nUnusual time windows (${analysis.windows.length}):\n`;
    for (const window of analysis.windows.slice(0, options.top)) {
      yield `  ${window.score.toFixed(2).padStart(7)}  ${new Date(window.startMs).toISOString()}  ${window.type}: ${window.reasons.join('; ')}\n`;
    }
  }
  if (analysis.malformed.length > 0) {
    yield `\nMalformed lines (${summary.malformed}; first ${analysis.malformed.length}):\n`;
    for (const bad of analysis.malformed.slice(0, options.top)) {
      yield `  ${sanitizeTerminal(`${bad.file}:${bad.line}`)}  ${bad.code}  ${sanitizeTerminal(bad.excerpt)}\n`;
    }
  }
  if (analysis.ips.length === 0 && analysis.lines.length === 0 && analysis.windows.length === 0) yield '\nNo findings.\n';
}
