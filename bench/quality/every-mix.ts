// Every labelled mix of detection-report.ts (design, held-out and the three blind sets), written and
// handed to `measure` one by one, for the benches that scan them all (line-order.ts, soft-errors.ts,
// split-servers.ts). The held-out sets name their behavioural clients `hammerIps`.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelledMix } from './detection-metrics.js';
import { HOLDOUT_MIXES, writeHoldoutMix } from './holdout/holdout-mixes.js';
import { HOLDOUT2_MIXES, writeHoldout2Mix } from './holdout2/holdout2-mixes.js';
import { HOLDOUT3_MIXES, writeHoldout3Mix } from './holdout3/holdout3-mixes.js';
import { HOLDOUT4_MIXES, writeHoldout4Mix } from './holdout4/holdout4-mixes.js';
import { MIXES, writeMix } from './mixes.js';

type HeldOut = Omit<LabelledMix, 'behaviouralIps'> & { hammerIps?: string[] };

function heldOut(written: { mix: HeldOut; logFile: string }): { mix: LabelledMix; logFile: string } {
  return { logFile: written.logFile, mix: { ...written.mix, behaviouralIps: written.mix.hammerIps ?? [] } };
}

function eachOf<S extends { name: string }>(specs: readonly S[], write: (spec: S) => { mix: LabelledMix; logFile: string }, measure: (name: string, logFile: string, mix: LabelledMix) => void): void {
  for (const spec of specs) {
    const { mix, logFile } = write(spec);
    measure(spec.name, logFile, mix);
  }
}

/** Writes every labelled mix, in detection-report.ts's order, and measures each as it is written. */
export function forEveryMix(measure: (name: string, logFile: string, mix: LabelledMix) => void): void {
  eachOf(MIXES, writeMix, measure);
  eachOf(HOLDOUT_MIXES, (spec) => heldOut(writeHoldoutMix(spec)), measure);
  eachOf(HOLDOUT2_MIXES, (spec) => heldOut(writeHoldout2Mix(spec)), measure);
  eachOf(HOLDOUT3_MIXES, (spec) => heldOut(writeHoldout3Mix(spec)), measure);
  eachOf(HOLDOUT4_MIXES, (spec) => heldOut(writeHoldout4Mix(spec)), measure);
}

/** Where a bench that rewrites the mixes works: a scratch folder, and the embedding cache its scans share in it. */
export interface Scratch {
  dir: string;
  cacheDir: string;
}

/** forEveryMix with a scratch folder (named after `prefix`), removed afterwards whatever happens. */
export function forEveryMixIn(prefix: string, measure: (name: string, logFile: string, mix: LabelledMix, scratch: Scratch) => void): void {
  const dir = mkdtempSync(join(tmpdir(), `semlog-${prefix}-`));
  const scratch = { dir, cacheDir: join(dir, 'cache') };
  try {
    forEveryMix((name, logFile, mix) => measure(name, logFile, mix, scratch));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A metric as the results tables show it: three decimals, – where it has no value (NaN). */
export function metric(x: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(3);
}
