// The defaults of watchLogs(), apart from it: `semlog watch --help` and the other commands' start-up
// read them without loading the watch pipeline.

export const WATCH_DEFAULTS = Object.freeze({ pollMs: 1000, settleMs: 50, readBudgetBytes: 4 * 1024 * 1024, maxTexts: 200_000, maxLineBytes: 64 * 1024, clientWindowMs: 10 * 60_000, maxClients: 10_000, maxRequestsPerClient: 5_000, maxClientRequests: 500_000, alertCooldownMs: 5 * 60_000 });
