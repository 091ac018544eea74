// The terminal report of `semlog tune`: the best settings of the sweep beside the defaults, the
// precision–recall trade-off of the chosen one, and the held-out estimate that guards against
// over-fitting.

import { LINE_SIGNALS } from '../rank/line-signals.js';
import { CLIENT_SIGNALS } from '../clients/client-signals.js';
import type { ClientScores, LearnClientsResult } from '../tune/learn-clients.js';
import type { LearnResult } from '../tune/learn-weights.js';
import { SUGGEST_DEFAULTS, type Suggestion } from '../tune/suggest-labels.js';
import type { LineScores } from '../tune/objective.js';
import { describeObjective } from '../tune/objective.js';
import type { SettingResult, TunedSetting, TuneResult } from '../tune/tune-settings.js';

export interface TuneReportContext {
  lines: number;
  anomalies: number;
  notScored: number;
  baseline: boolean;
  top: number;
  /** Whether the labels named lines or clients (whose lines then all count as anomalies). */
  labelKind?: 'lines' | 'clients';
  learned?: LearnResult;
  learnedClients?: LearnClientsResult;
}

export function renderTuneReport(result: TuneResult, context: TuneReportContext): string {
  const out: string[] = [];
  const { heldOut, chosen, defaults } = result;
  out.push(
    `semlog tune: ${int(context.lines)} labelled lines, ${int(context.anomalies)} anomalies` +
      (context.labelKind === 'clients' ? ' (every line of a client labelled anomaly)' : '') +
      (context.notScored > 0 ? ` (${int(context.notScored)} labelled lines are no record of the scan: malformed, blank or out of scope)` : ''),
    `objective ${describeObjective(result.objective)} · ${result.settings.length} settings` +
      (context.baseline ? ' (against a baseline only eps, the fusion weight and the threshold matter)' : ''),
    '',
    result.objective.kind === 'f1'
      ? 'Best settings, every outlier reported (scores on all labelled lines):'
      : 'Best settings, each at its best --min-score (scores on all labelled lines):',
    ...table(
      ['', 'eps', 'min-samples', 'min-rarity', 'ip-weight', 'min-score', 'flagged', 'precision', 'recall', 'F1', 'FPR'],
      [
        ...result.settings.slice(0, context.top).map((r, i) => settingRow(String(i + 1), r)),
        settingRow('defaults', defaults),
      ],
    ),
    '',
    'Precision–recall trade-off of the chosen setting as --min-score moves:',
    ...table(
      ['min-score', 'flagged', 'precision', 'recall', 'F1', 'FPR'],
      result.tradeOff.map((p) => [p.minScore.toFixed(3), int(p.flagged), ...scoreCells(p)]),
    ),
    '',
    `Held out (${heldOut.folds}-fold cross-validation over client IPs: each fold's clients judged with the settings`,
    `chosen without them): precision ${f3(heldOut.precision)}, recall ${f3(heldOut.recall)}, F1 ${f3(heldOut.f1)}, ` +
      `FPR ${f3(heldOut.fpr)}, ${int(heldOut.flagged)} flagged.`,
    `On all lines the chosen setting scores F1 ${f3(chosen.scores.f1)} (optimistic: these lines chose it); the defaults ${f3(defaults.scores.f1)}.`,
    result.objective.kind === 'f1'
      ? `${int(result.eligible)} of ${int(result.settings.length)} settings did at least as well as the defaults (F1 and recall) on every held-out group of clients; the best of them is chosen${result.eligible === 0 ? ' — none did, so the defaults stay' : ''}.`
      : `The threshold (--min-score) and the fusion weight are tuned to the budget ${describeObjective(result.objective)}.`,
    '',
    ...(context.learned ? learnedSection(context.learned, result) : [`Chosen: ${flags(chosen.setting)}`]),
    ...(context.learnedClients ? ['', ...clientSection(context.learnedClients)] : []),
  );
  return `${out.join('\n')}\n`;
}

/** The learned model beside the sweep: its weights, its scores held out and whether it is kept. */
function learnedSection(learned: LearnResult, result: TuneResult): string[] {
  const { model, heldOut, scores } = learned;
  return [
    `Learned model (logistic regression on the standardised signals, L2; threshold for ${describeObjective(result.objective)}):`,
    ...table(
      ['signal', 'weight', 'mean', 'scale'],
      LINE_SIGNALS.map((name, j) => [name, model.weights[j]!.toFixed(3), model.mean[j]!.toFixed(3), model.scale[j]!.toFixed(3)]),
    ),
    `  bias ${model.bias.toFixed(3)}, probability threshold ${model.threshold.toFixed(3)}`,
    ...table(
      ['', 'flagged', 'precision', 'recall', 'F1', 'FPR'],
      [
        ['learned, held out', int(heldOut.flagged), ...scoreCells(heldOut)],
        ['sweep, held out', int(result.heldOut.flagged), ...scoreCells(result.heldOut)],
        ['defaults', int(result.defaults.scores.flagged), ...scoreCells(result.defaults.scores)],
        ['learned, all lines', int(scores.flagged), ...scoreCells(scores)],
      ],
    ),
    `  held out, ${int(heldOut.defaulted)} line(s) lay outside the signal ranges their fold's model was fitted on: the default scoring decided them, as a scan does`,
    learned.beats
      ? 'Chosen: the learned model (it beats the sweep and the defaults held out); scan --config applies it at the default settings.'
      : `Chosen: ${flags(result.chosen.setting)} — the learned model does not beat the sweep and the defaults held out, so it is not saved.`,
  ];
}

/** The client model beside the default client score: average precision of the attackers in the ranking. */
function clientSection(learned: LearnClientsResult): string[] {
  const { model } = learned;
  const row = (label: string, s: ClientScores) => [label, f3(s.averagePrecision), `${int(s.attackersAtTop)} of ${int(learned.attackers)}`];
  return [
    `Learned client model (logistic regression on the client signals, L2; ${int(learned.attackers)} attacker clients of ${int(learned.clients)}):`,
    ...table(
      ['signal', 'weight', 'mean', 'scale'],
      CLIENT_SIGNALS.map((name, j) => [name, model.weights[j]!.toFixed(3), model.mean[j]!.toFixed(3), model.scale[j]!.toFixed(3)]),
    ),
    `  bias ${model.bias.toFixed(3)}`,
    ...table(
      ['client ranking', 'average precision', 'attackers in the top'],
      [row('learned, held out', learned.heldOut), row('default client score', learned.defaults), row('learned, all clients', learned.scores)],
    ),
    learned.beats
      ? 'Client ranking: the learned client model (it ranks the attackers better than the default score held out); scan --config applies it.'
      : 'Client ranking: the default score — the learned client model does not rank the attackers better held out, so it is not saved.',
  ];
}

/** The lines --suggest proposes for labelling, closest to the threshold first. */
export function renderSuggestions(suggestions: readonly Suggestion[]): string {
  const width = 70;
  const cut = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
  return `${[
    '',
    `Lines to label next (${int(suggestions.length)}; the line model is least sure of them — at most ${SUGGEST_DEFAULTS.perClient} per client and per route):`,
    ...table(
      ['file:line', 'client', 'probability', 'now', 'request'],
      suggestions.map((s) => [`${s.file}:${s.line}`, s.ip, s.probability.toFixed(3), s.finding ? 'finding' : '-', cut(s.text)]),
      new Set([0, 1, 3, 4]),
    ),
  ].join('\n')}\n`;
}

function settingRow(label: string, { setting, scores }: SettingResult): string[] {
  return [
    label,
    String(setting.eps),
    String(setting.minSamples),
    String(setting.minRarity),
    String(setting.ipWeight),
    setting.minScore.toFixed(3),
    int(scores.flagged),
    ...scoreCells(scores),
  ];
}

function scoreCells(s: LineScores): string[] {
  return [f3(s.precision), f3(s.recall), f3(s.f1), f3(s.fpr)];
}

export function flags(s: TunedSetting): string {
  return `--eps ${s.eps} --min-samples ${s.minSamples} --min-rarity ${s.minRarity} --ip-weight ${s.ipWeight} --min-score ${s.minScore}`;
}

/** Left-aligned first column (and the text columns `left` names), right-aligned numbers. */
function table(header: string[], rows: string[][], left: ReadonlySet<number> = new Set([0])): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const format = (cells: string[]) => cells.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [format(header), ...rows.map(format)].map((line) => `  ${line.trimEnd()}`);
}

function f3(value: number): string {
  return value.toFixed(3);
}

function int(value: number): string {
  return value.toLocaleString('en');
}
