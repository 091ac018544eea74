// The report page's one inline script: the parts below, run once over the JSON data island. The
// CSP allows exactly this text (by its hash), so it must not vary between reports.

import { CAMPAIGNS_SCRIPT } from './campaigns-script.js';
import { CATEGORIES_SCRIPT } from './categories-script.js';
import { WAF_AUDIT_SCRIPT } from './waf-audit-script.js';
import { DOM_HELPERS_SCRIPT } from './dom-helpers-script.js';
import { FINDINGS_TABLE_SCRIPT } from './findings-table-script.js';
import { IP_CARDS_SCRIPT } from './ip-cards-script.js';
import { SCORE_HISTOGRAM_SCRIPT } from './score-histogram-script.js';
import { SUMMARY_SCRIPT } from './summary-script.js';
import { TIMELINE_CHART_SCRIPT } from './timeline-chart-script.js';

const MAIN = String.raw`
var data = JSON.parse(document.getElementById('semlog-data').textContent);
var analysis = data.analysis, failOn = data.failOn;
var section = function (id) { return document.getElementById(id); };
renderSummary(section('summary'), analysis, failOn);
renderTimeline(section('timeline'), analysis.timeline, analysis.windows);
renderScoreHistogram(section('scores'), analysis.lines, failOn);
var showLinesOf = renderFindingsTable(section('findings'), analysis.lines, failOn === null ? 1 : failOn);
renderIpCards(section('ips'), analysis.ips, function (ip) { if (showLinesOf) showLinesOf(ip); });
renderCampaigns(section('campaigns'), analysis.campaigns);
renderWafAudit(section('audit'), analysis.audit);
renderCategories(section('categories'), analysis.categories);
document.documentElement.dataset.ready = 'true';
`;

// One function scope: nothing leaks onto window, and the parts see each other's helpers.
export const PAGE_SCRIPT = [
  '(function () {\n"use strict";',
  DOM_HELPERS_SCRIPT,
  TIMELINE_CHART_SCRIPT,
  SCORE_HISTOGRAM_SCRIPT,
  IP_CARDS_SCRIPT,
  CAMPAIGNS_SCRIPT,
  WAF_AUDIT_SCRIPT,
  CATEGORIES_SCRIPT,
  FINDINGS_TABLE_SCRIPT,
  SUMMARY_SCRIPT,
  MAIN,
  '})();\n',
].join('');
