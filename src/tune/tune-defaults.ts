// The defaults of the tuning, apart from tune-settings.ts: `semlog tune --help` shows them without
// loading the sweep.

export const TUNE_DEFAULTS = Object.freeze({ folds: 5, tradeOffPoints: 8 });
