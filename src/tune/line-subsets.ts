// Which labelled lines a score is computed on: all of them, or the parts of a k-fold split. Folds
// group lines by client IP: an attacker's lines repeat each other, so a fold holding the same client
// as the lines that chose the settings would judge nothing new. Held-out clients are the next
// night's attackers.

import type { OccurrenceView } from '../rank/fuse-findings.js';

export interface LineSubset {
  includes(record: number): boolean;
  positives: number;
  negatives: number;
  /** The subset's share of all labelled lines (constraints such as "at most N alerts" scale with it). */
  share: number;
}

export function allLines(labels: Uint8Array): LineSubset {
  const positives = labels.reduce((sum, label) => sum + label, 0);
  return { includes: () => true, positives, negatives: labels.length - positives, share: 1 };
}

export interface Fold {
  train: LineSubset;
  test: LineSubset;
}

export function clientFolds(occurrences: OccurrenceView, labels: Uint8Array, folds: number): Fold[] {
  const foldOf = new Uint8Array(occurrences.size);
  for (let i = 0; i < occurrences.size; i++) foldOf[i] = clientFold(occurrences.ipId(i), folds);
  return Array.from({ length: folds }, (_, fold) => ({
    train: subset(labels, (record) => foldOf[record] !== fold),
    test: subset(labels, (record) => foldOf[record] === fold),
  }));
}

/** The fold of a client id: a fixed scatter over folds (Knuth's multiplicative hash), the same on every run. */
export function clientFold(id: number, folds: number): number {
  return (Math.imul(id + 1, 2654435761) >>> 0) % folds;
}

function subset(labels: Uint8Array, includes: (record: number) => boolean): LineSubset {
  let positives = 0;
  let size = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!includes(i)) continue;
    size++;
    positives += labels[i]!;
  }
  return { includes, positives, negatives: size - positives, share: labels.length === 0 ? 0 : size / labels.length };
}
