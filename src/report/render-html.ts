// The HTML report: one self-contained file (no network, no external file) with the summary, a
// traffic timeline, the score distribution, the top IPs, the campaigns, the WAF audit, the categorical anomalies and a sortable,
// filterable findings table.
// Log content travels only as a JSON data island and is rendered with textContent; a strict CSP
// makes sure nothing else could run. See docs/html-report.md.

import type { Analysis } from '../types.js';
import { contentSecurityPolicy } from './html/content-security-policy.js';
import { embedJson } from './html/embed-json.js';
import { escapeHtml } from './html/escape-html.js';
import { PAGE_SCRIPT } from './html/page-script.js';
import { PAGE_STYLE } from './html/page-style.js';

export interface HtmlReportOptions {
  /** Page title and heading; default `semlog report`. */
  title?: string;
  /** The run's --fail-on score: marked in the score histogram instead of 1.0. */
  failOn?: number;
}

/** What the page script reads from the data island. */
export interface HtmlReportData {
  title: string;
  failOn: number | null;
  analysis: Analysis;
}

/** The complete page; pure (the same analysis gives the same bytes). */
export function renderHtml(analysis: Analysis, options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'semlog report';
  const data: HtmlReportData = { title, failOn: options.failOn ?? null, analysis };
  const csp = contentSecurityPolicy({ script: PAGE_SCRIPT, style: PAGE_STYLE });
  const subtitle = `${analysis.summary.records.toLocaleString('en-US')} records from ${analysis.summary.files} file(s)`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="semlog">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(title)}</h1><span class="muted">${escapeHtml(subtitle)}</span></header>
<main>
<noscript><section><p>The charts and the findings table are drawn by this file's own inline script (it loads nothing from the network): allow JavaScript for this file to see them. The data is in the <code>semlog-data</code> element of the page source.</p></section></noscript>
<section id="summary" aria-label="summary"></section>
<div class="row">
<section id="timeline"><h2>Traffic timeline</h2></section>
<section id="scores"><h2>Score distribution</h2></section>
</div>
<section id="ips"><h2>Top IPs</h2></section>
<section id="campaigns"><h2>Campaigns</h2></section>
<section id="audit"><h2>WAF audit</h2></section>
<section id="categories"><h2>Categorical anomalies</h2></section>
<section id="findings"><h2>Line findings</h2></section>
</main>
<script type="application/json" id="semlog-data">${embedJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
