// The defaults of watchLogs(), apart from it: `semlog watch --help` and the other commands' start-up
// read them without loading the watch pipeline.

/**
 * Caps of the rolling client state that are no option: distinct requests whose profile the window
 * shares (profile-memo.ts), and routes whose clients and answers the probe rule remembers
 * (live-site-map.ts, ~150 bytes each). The benches that replay watch's judges use them too.
 */
export const WATCH_CAPS = Object.freeze({ profiles: 50_000, routes: 200_000 });

export const WATCH_DEFAULTS = Object.freeze({ pollMs: 1000, settleMs: 50, readBudgetBytes: 4 * 1024 * 1024, maxTexts: 200_000, maxLineBytes: 64 * 1024, clientWindowMs: 10 * 60_000, maxClients: 10_000, maxRequestsPerClient: 5_000, maxClientRequests: 500_000, alertCooldownMs: 5 * 60_000 });
