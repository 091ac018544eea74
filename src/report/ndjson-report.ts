// `--output ndjson`: one JSON object per line and per finding, for SIEM ingestion.
// Each object has a `type`: summary first, then ip, campaign, line, window and category findings best first
// (a category's own type is in `category`, as a window's is in `window`), then
// the WAF audit's groups (`audit`: `allowed` or `blocked`), then malformed samples.

import type { Analysis, CategoryFinding, WindowFinding } from '../types.js';

export function* renderNdjson(analysis: Analysis): Iterable<string> {
  yield `${JSON.stringify({ type: 'summary', ...analysis.summary })}\n`;
  for (const ip of analysis.ips) yield `${JSON.stringify({ type: 'ip', ...ip })}\n`;
  for (const campaign of analysis.campaigns) yield `${JSON.stringify({ type: 'campaign', ...campaign })}\n`;
  for (const line of analysis.lines) yield `${JSON.stringify({ type: 'line', ...line })}\n`;
  for (const window of analysis.windows) yield ndjsonWindow(window);
  for (const c of analysis.categories) yield ndjsonCategory(c);
  for (const kind of ['allowed', 'blocked'] as const) {
    for (const group of analysis.audit[kind]) yield `${JSON.stringify({ type: 'audit', audit: kind, ...group })}\n`;
  }
  for (const bad of analysis.malformed) yield `${JSON.stringify({ type: 'malformed', ...bad })}\n`;
}

/** A window finding as its NDJSON object: its own type moves to `window`. `semlog watch` writes the same. */
export function ndjsonWindow(window: WindowFinding): string {
  return `${JSON.stringify({ ...window, type: 'window', window: window.type })}\n`;
}

/** A categorical finding as its NDJSON object: its own type moves to `category`. `semlog watch` writes the same. */
export function ndjsonCategory(category: CategoryFinding): string {
  return `${JSON.stringify({ ...category, type: 'category', category: category.type })}\n`;
}
