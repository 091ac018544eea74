// The allowed range of every numeric option, in one table: the CLI, `--config` files and library
// calls all check against it, so a value means the same wherever it enters. A new option gets its
// rule here, its flag in src/cli/number-args.ts, its library path in check-library-options.ts.

/**
 * A number's allowed range. Counts are whole numbers; `above` excludes its bound, `min` includes it;
 * `infinite` also allows Infinity, for a threshold whose default is "never".
 */
export interface NumberRule {
  integer?: boolean;
  infinite?: boolean;
  min?: number;
  above?: number;
  max?: number;
}

export const OPTION_RULES = Object.freeze({
  // Reading
  maxLineBytes: { integer: true, min: 1 },
  // Following live logs (watch): polling more often than every 10 ms only burns a core.
  pollMs: { integer: true, min: 10 },
  // Rolling client state (watch): at least one client.
  maxClients: { integer: true, min: 1 },
  // Alerts (watch): the CLI takes seconds, the library milliseconds; health lines every so many seconds.
  alertCooldownSeconds: { min: 1 },
  alertCooldownMs: { integer: true, min: 1000 },
  healthSeconds: { min: 1 },
  // Embedding. More threads or longer batches than this only fight over cores and memory: each
  // worker holds a model (~100 MB), and a batch's activations grow with its length.
  workers: { integer: true, min: 1, max: 256 },
  threadsPerWorker: { integer: true, min: 1, max: 256 },
  batchSize: { integer: true, min: 1, max: 1024 },
  maxTexts: { integer: true, min: 1 },
  // Time windows of the structured detector; the CLI takes minutes, the library milliseconds.
  windowMinutes: { min: 0.1 },
  windowMs: { integer: true, min: 1000 },
  // HNSW index and its look-ups
  m: { integer: true, min: 2 },
  efConstruction: { integer: true, min: 1 },
  efSearch: { integer: true, min: 1 },
  neighborsAhead: { integer: true, min: 0 },
  // Semantic detector: eps is a Euclidean distance between unit vectors, which is at most 2.
  eps: { above: 0, max: 2 },
  minSamples: { integer: true, min: 1 },
  minRarity: { min: 0 },
  // farOutlier's default, Infinity, turns that rule off: spreading SEMANTIC_DEFAULTS back in is not an error.
  farOutlier: { above: 0, infinite: true },
  maxNeighbors: { integer: true, min: 1 },
  // Structured detector and fusion
  zThreshold: { above: 0 },
  minFlaggedLines: { integer: true, min: 1 },
  ipWeight: { min: 0 },
  minScore: { min: 0 },
  // Categorical detector: counts are whole numbers ≥ 1, shares are in (0, 1], a ratio above 1 is a rise.
  minCount: { integer: true, min: 1 },
  rareShare: { above: 0, max: 1 },
  minRequests: { integer: true, min: 1 },
  clientShare: { above: 0, max: 1 },
  shareRatio: { above: 1 },
  minShareRise: { min: 0, max: 1 },
  // Scope: epoch milliseconds; an IPv6 network's prefix length (128: each address is a client).
  timeMs: {},
  ipv6Prefix: { integer: true, min: 1, max: 128 },
  // Reports and exit codes
  failOn: { min: 0 },
  top: { integer: true, min: 1 },
  // Distributed scans (semlog worker): BullMQ renews a job's lock every half of this; under a second,
  // a busy event loop would lose jobs it is still running.
  concurrency: { integer: true, min: 1, max: 256 },
  stallSeconds: { min: 1 },
  // Byte ranges of a huge file (semlog scan --queue): a range below a 4 KiB page holds a handful of
  // lines, and its job would cost far more than it reads.
  rangeBytes: { integer: true, min: 4096 },
  // Tuning: a cross-validation needs at least two folds.
  folds: { integer: true, min: 2 },
  // tune --suggest N: lines to suggest for labelling.
  suggest: { integer: true, min: 1 },
} satisfies Record<string, NumberRule>);

export type RuleName = keyof typeof OPTION_RULES;
