// What a default scan decides about a prepared log (the site, the texts, the clients), as the
// learned models are fitted on it: a saved model is applied to a scan at the default settings, so it
// is fitted on the signals those settings give.

import type { Baseline } from '../pipeline/baseline-store.js';
import { baselineNovelty } from '../pipeline/baseline-novelty.js';
import { DETECT_DEFAULTS, judgeClients, judgeSite, judgeTexts, type SiteJudgement } from '../pipeline/detect-anomalies.js';
import type { PreparedScan } from '../pipeline/prepare-scan.js';
import { SEMANTIC_DEFAULTS } from '../pipeline/semantic-outliers.js';
import type { TextVerdicts } from '../rank/fuse-findings.js';
import type { IpVerdict } from '../types.js';

export interface DefaultJudgement {
  site: SiteJudgement;
  verdicts: TextVerdicts;
  evidence: Map<string, IpVerdict>;
}

export function defaultJudgement(prepared: PreparedScan, options: { baseline?: Baseline; zThreshold?: number }): DefaultJudgement {
  const novelty = options.baseline ? baselineNovelty(options.baseline, prepared.vectors, prepared.dim) : undefined;
  const site = judgeSite(prepared, SEMANTIC_DEFAULTS.minRarity, options.baseline);
  const verdicts = judgeTexts(prepared, site, SEMANTIC_DEFAULTS, novelty);
  const evidence = judgeClients(prepared, options.zThreshold ?? DETECT_DEFAULTS.zThreshold, options.baseline);
  return { site, verdicts, evidence };
}
