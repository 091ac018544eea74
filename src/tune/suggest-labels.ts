// `semlog tune --suggest N`: the lines whose labels would teach the line model most (uncertainty
// sampling). A line the model is sure about (probability near 0 or 1) adds little when labelled; one
// near the threshold moves it. Close to the threshold means close in log-odds, where the model is
// linear. Suggestions are spread out: one per distinct request text, at most a few per client and per
// route of the site map, so that 50 labels cover 50 kinds of line, not one scanner's 50 requests.

import type { Baseline } from '../pipeline/baseline-store.js';
import { signalRows } from '../pipeline/detect-anomalies.js';
import type { PreparedScan } from '../pipeline/prepare-scan.js';
import { scoreLearnedLines, type LearnedModel } from '../rank/learned-score.js';
import { defaultJudgement } from './default-judgement.js';

export const SUGGEST_DEFAULTS = Object.freeze({ perClient: 2, perRoute: 2 });

export interface Suggestion {
  file: string;
  line: number;
  ip: string;
  text: string;
  probability: number;
  /** Whether the model makes it a finding now. */
  finding: boolean;
}

export interface SuggestOptions {
  count: number;
  /** Records whose label the user gave already (listed in LABELS.csv): never suggested again. */
  labelled: (record: number) => boolean;
  baseline?: Baseline;
  perClient?: number;
  perRoute?: number;
}

export function suggestLabels(prepared: PreparedScan, model: LearnedModel, options: SuggestOptions): Suggestion[] {
  const { site, verdicts, evidence } = defaultJudgement(prepared, options);
  const { occurrences, ips, files, table } = prepared.state;
  const { probability } = scoreLearnedLines(model, signalRows(prepared, site, verdicts, evidence), occurrences.size);
  const logit = (p: number) => Math.log(p / (1 - p));
  const edge = 1e-12;
  const distance = (i: number) => Math.abs(logit(Math.min(1 - edge, Math.max(edge, probability[i]!))) - logit(model.threshold));
  const order = Array.from({ length: occurrences.size }, (_, i) => i)
    .filter((i) => !options.labelled(i))
    .sort((a, b) => distance(a) - distance(b) || a - b);
  const perClient = options.perClient ?? SUGGEST_DEFAULTS.perClient;
  const perRoute = options.perRoute ?? SUGGEST_DEFAULTS.perRoute;
  const texts = new Set<number>();
  const clients = new Map<number, number>();
  const routes = new Map<number, number>();
  const out: Suggestion[] = [];
  for (const i of order) {
    if (out.length >= options.count) break;
    const textId = occurrences.textId(i);
    const ipId = occurrences.ipId(i);
    const route = site.map.routeOfText[textId]!;
    if (texts.has(textId) || (clients.get(ipId) ?? 0) >= perClient || (routes.get(route) ?? 0) >= perRoute) continue;
    texts.add(textId);
    clients.set(ipId, (clients.get(ipId) ?? 0) + 1);
    routes.set(route, (routes.get(route) ?? 0) + 1);
    out.push({
      file: files.values[occurrences.fileId(i)]!,
      line: occurrences.line(i),
      ip: ips[ipId]!,
      text: table.texts[textId]!,
      probability: probability[i]!,
      finding: probability[i]! >= model.threshold,
    });
  }
  return out;
}

/** The suggestions as a labels file (file,line,label) with the label left empty for the user to fill in. */
export function suggestionsCsv(suggestions: readonly Suggestion[]): string {
  const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
  const rows = suggestions.map((s) => [s.file, String(s.line), '', s.ip, s.probability.toFixed(3), s.text].map(quote).join(','));
  return `${['file,line,label,ip,probability,request', ...rows].join('\n')}\n`;
}
