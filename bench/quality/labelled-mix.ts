// A mix written, scanned once (with the bench's warm embedding cache) and labelled: the input of the
// transfer benches (tune-transfer.ts, learn-transfer.ts, learn-transfer-holdout.ts), which tune on one
// mix and judge on another.

import { fileURLToPath } from 'node:url';
import type { DetectOptions } from '../../src/pipeline/detect-anomalies.js';
import { prepareScan, type PreparedScan } from '../../src/pipeline/prepare-scan.js';
import { labelScan } from '../../src/tune/label-clients.js';
import type { LabelledLines } from '../../src/tune/label-lines.js';
import { readLabels } from '../../src/tune/read-labels.js';
import type { TunedSetting } from '../../src/tune/tune-settings.js';
import { MIXES, writeMix, type WrittenMix } from './mixes.js';

const cacheDir = fileURLToPath(new URL('../work/cache/', import.meta.url));

/** Tuned on the first, judged on the second: the two elastic mixes share a background and differ in their attacks. */
export const TRANSFER_PAIRS: ReadonlyArray<[string, string]> = [['elastic-a', 'elastic-b'], ['elastic-b', 'elastic-a']];

export interface LabelledMix<W extends Written = WrittenMix> {
  written: W;
  scan: PreparedScan;
  labelled: LabelledLines;
}

/** What a mix writer returns that the scan and the labels need. */
interface Written {
  logFile: string;
  labelsFile: string;
}

const loaded = new Map<string, LabelledMix<Written>>();

/** A design mix by name. */
export function labelledMix(name: string): Promise<LabelledMix> {
  return labelledWritten(name, () => writeMix(MIXES.find((m) => m.name === name)!));
}

/** Any mix (a held-out one too), written by `write` on first use, scanned and labelled once per name. */
export async function labelledWritten<W extends Written>(name: string, write: () => W): Promise<LabelledMix<W>> {
  let entry = loaded.get(name) as LabelledMix<W> | undefined;
  if (!entry) {
    const written = write();
    const scan = await prepareScan({ paths: [written.logFile], cacheDir });
    entry = { written, scan, labelled: labelScan(readLabels(written.labelsFile), scan, written.labelsFile).lines };
    loaded.set(name, entry);
  }
  return entry;
}

/** The detect options of a scan with a tuned setting, as `semlog scan --config` builds them. */
export function settingOptions(setting: TunedSetting): DetectOptions {
  return {
    semantic: { eps: setting.eps, minSamples: setting.minSamples, minRarity: setting.minRarity },
    fuse: { ipWeight: setting.ipWeight, minLineScore: setting.minScore },
  };
}
