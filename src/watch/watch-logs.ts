// `semlog watch`: follow live logs and judge each new record as it arrives.
//
//   poll (fs.watch + timer) ─ FileFollower: complete new lines per file ─ ChunkParser ─ RecordJudge ─ ClientJudge ─┐
//   stdin ─ StdinLines ───────────────────────────────────────────────────┘    (lines)       (clients, window) │
//   state (--state DIR) ◄── saved after the findings of the batch are written ◄── sink (--out / stdout) ◄──────────┘
//
// The rolling client state is not saved: after a restart a client's window holds only what was
// read since (a finding already written is not written again for the same lines). The site's routes
// are (site-map-journal.ts): a client's errors are judged against the routes other clients used
// before the restart too, as without one.
//
// A batch is whatever the files gained since the last poll (at most readBudgetBytes). Its state is
// saved only after its findings are written, and --out is cut back to what the saved state accounts
// for when a run starts: after a crash (kill -9) the unsaved batch is read and judged again, and its
// earlier findings are gone, so that every line is judged once. Library code: never writes to stdout.

import { InterruptedError, UsageError } from '../errors.js';
import { createForwardedClient, type ForwardedClient } from '../features/forwarded-client.js';
import { createIpv6Network } from '../features/ipv6-network.js';
import { checkEmbeddingOptions, checkSemanticOptions } from '../options/check-library-options.js';
import { OPTION_RULES } from '../options/option-rules.js';
import { getFormat } from '../parse/registry.js';
import type { Campaign, CategoryFinding, IpFinding, LineFinding, MalformedLine, WindowFinding } from '../types.js';
import { ndjsonCategory, ndjsonWindow } from '../report/ndjson-report.js';
import { ClientJudge } from './judge-clients.js';
import { judgedLine, keptCampaignLine, LiveCampaigns, type CampaignLine } from './live-campaigns.js';
import { LiveNewValues } from './live-new-values.js';
import { LiveWindows } from './live-windows.js';
import { checkAlertTargets } from '../alert/deliver-alerts.js';
import { checkNumber } from '../options/check-number.js';
import { checkType, checkTypes } from '../options/check-option-type.js';
import { WatchAlerts, type AlertReport, type WatchAlertOptions } from './watch-alerts.js';
import { followLag, HealthClock, type WatchHealth } from './watch-health.js';
import { ChunkParser } from './parse-chunks.js';
import { FileFollower } from './file-follower.js';
import { COMPRESSED, watchedFolders } from './follow-targets.js';
import { openFileSink, type FindingSink } from './finding-sink.js';
import { WATCH_CAPS, WATCH_DEFAULTS } from './watch-defaults.js';
import { WatchInputWarnings } from './watch-input-warnings.js';
import type { Embedder } from '../embed/embedder.js';
import type { PoolEmbedderOptions } from '../embed/pool-embedder.js';
import type { SemanticOptions } from '../pipeline/semantic-outliers.js';
import { RecordJudge } from './judge-records.js';
import { openTextNovelty } from './text-novelty.js';
import { LiveSiteMap } from './live-site-map.js';
import { SiteMapJournal } from './site-map-journal.js';
import { lockStateFolder } from './state-lock.js';
import { StdinLines } from './stdin-lines.js';
import { WakeUp } from './wake-up.js';
import { readWatchState, writeWatchState, type WatchState } from './watch-state.js';

export interface WatchOptions {
  /** Files and globs to follow, and `-` for stdin. */
  paths: readonly string[];
  /** Where positions are kept between runs; without it a run starts over. */
  stateDir?: string;
  /** A format name or `auto`. */
  format?: string;
  logFormat?: string;
  maxLineBytes?: number;
  /** Load balancers and proxies (IPs or CIDR blocks): their requests count as the client X-Forwarded-For names (features/forwarded-client.ts). */
  trustedProxies?: readonly string[];
  /** Count an IPv6 client by its /N network, as scan's `scope.ipv6Prefix` (features/ipv6-network.ts). */
  ipv6Prefix?: number;
  /** Files the state does not know when the run starts: read from their start (default: only what they gain). */
  fromStart?: boolean;
  /** Poll interval even where fs.watch works. */
  pollMs?: number;
  /** After a change event, how long to let lines gather before a batch is read. */
  settleMs?: number;
  /** Bytes read per batch over all files. */
  readBudgetBytes?: number;
  /** Distinct texts whose counts are kept. */
  maxTexts?: number;
  /** The sliding window of the rolling per-client state, by the log's clock (default 10 min). */
  clientWindowMs?: number;
  /** Clients kept in the rolling state; past it the one idle longest is forgotten (default 10,000). */
  maxClients?: number;
  /** Requests kept per client in the rolling state; past it its oldest are forgotten (default 5,000). */
  maxRequestsPerClient?: number;
  /** Requests kept over all clients in the rolling state, ~100 bytes each; past it the clients idle longest are forgotten (default 500,000). */
  maxClientRequests?: number;
  stdin?: NodeJS.ReadableStream;
  /** A baseline folder written by `semlog train`: new texts are judged against it (text-novelty.ts). */
  baselineDir?: string;
  /** Embedding settings when there is a baseline and no `embedder`. */
  embedding?: PoolEmbedderOptions;
  /** Use this embedder instead of starting a pool (it is not closed). */
  embedder?: Embedder;
  /** Embedding cache folder; `false` disables it. Default: the user's cache folder. */
  cacheDir?: string | false;
  semantic?: Partial<SemanticOptions>;
  /**
   * Append findings (NDJSON) to this file, cut back first to the length the saved state accounts
   * for: with stateDir, each line's findings are written once, crashes included.
   */
  outFile?: string;
  /** Or give them to this sink (e.g. stdout); one of the two. */
  sink?: FindingSink;
  /** Send alerts (webhook, SNS) for findings at or above failOn, one per client or campaign per cooldown. */
  alert?: WatchAlertOptions;
  /** Emit a `health` event this often (lines/s, lag, state kept); none by default. */
  healthMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: WatchEvent) => void;
}

/** How a run that was not interrupted ended (stdin, the only input, reached its end). */
export interface WatchResult {
  records: number;
  /** Alert deliveries that failed (the CLI exits 5 when there were any). */
  alertsFailed: number;
}

export type WatchEvent =
  | { type: 'ready'; files: number }
  | { type: 'warning'; message: string }
  | { type: 'batch'; records: number; findings: number; malformed: number; totalRecords: number }
  | ({ type: 'alert' } & AlertReport)
  | ({ type: 'health' } & WatchHealth);

export { WATCH_DEFAULTS };

/** Runs until `signal` fires (then InterruptedError, after saving the state) or stdin, the only input, ends. */
export async function watchLogs(options: WatchOptions): Promise<WatchResult> {
  const settings = checkWatchOptions(options);
  const unlock = options.stateDir === undefined ? () => {} : lockStateFolder(options.stateDir);
  try {
    return await followAndJudge(options, settings);
  } finally {
    unlock();
  }
}

/** The state first, then the output it accounts for. */
async function followAndJudge(options: WatchOptions, settings: ReturnType<typeof checkWatchOptions>): Promise<WatchResult> {
  const { stateDir } = options;
  const state: WatchState = stateDir === undefined ? { files: [], outputBytes: null, started: false } : readWatchState(stateDir);
  const sink = options.sink ?? openFileSink(options.outFile!, state.outputBytes);
  try {
    return await judgeAsTheyCome(options, settings, state, sink);
  } finally {
    if (options.sink === undefined) sink.close();
  }
}

async function judgeAsTheyCome(options: WatchOptions, settings: ReturnType<typeof checkWatchOptions>, state: WatchState, sink: FindingSink): Promise<WatchResult> {
  const { signal, stateDir } = options;
  const files = settings.paths.filter((p) => p !== '-');
  const follower = new FileFollower(state.files, {
    paths: files,
    // --from is for the first run with a state: later, a file it does not know is new since.
    fromStart: settings.fromStart || state.started,
    maxLineBytes: settings.maxLineBytes,
    readBudgetBytes: settings.readBudgetBytes,
  });
  const parser = new ChunkParser({
    format: settings.format === 'auto' ? null : getFormat(settings.format),
    logFormat: options.logFormat,
    maxLineBytes: settings.maxLineBytes,
    ...(settings.forwarded && { forwarded: settings.forwarded }),
    ...(settings.network && { network: settings.network }),
  });
  const novelty = options.baselineDir === undefined ? undefined : await openTextNovelty({
    baselineDir: options.baselineDir,
    maxTexts: settings.maxTexts,
    ...(options.embedding !== undefined && { embedding: options.embedding }),
    ...(options.embedder !== undefined && { embedder: options.embedder }),
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    ...(options.semantic !== undefined && { semantic: options.semantic }),
    onWarning: (message) => options.onEvent?.({ type: 'warning', message }),
  });
  const judge = new RecordJudge(novelty?.judgeTexts, settings.maxTexts);
  const inputWarnings = new WatchInputWarnings(novelty?.formats);
  const site = new LiveSiteMap(WATCH_CAPS.routes);
  const journal = stateDir === undefined ? undefined : new SiteMapJournal(stateDir, state.siteMap, site, (message) => options.onEvent?.({ type: 'warning', message }));
  const clients = new ClientJudge({
    windowMs: settings.clientWindowMs,
    maxClients: settings.maxClients,
    maxRequestsPerClient: settings.maxRequestsPerClient,
    maxRequests: settings.maxClientRequests,
    maxProfiles: WATCH_CAPS.profiles,
    maxRoutes: WATCH_CAPS.routes,
    site,
    ...(novelty !== undefined && { baseline: novelty.clientStats }),
  });
  const windows = new LiveWindows(novelty?.windowStats, novelty?.categories);
  const newValues = novelty?.categories === undefined ? undefined : new LiveNewValues(novelty.categories);
  const campaigns = new LiveCampaigns();
  const wake = new WakeUp(watchedFolders(files), settings.pollMs, settings.settleMs);
  const stdin = settings.paths.includes('-') ? new StdinLines(options.stdin ?? process.stdin, settings.maxLineBytes, settings.readBudgetBytes) : undefined;
  stdin?.onChange(() => wake.poke());
  const save = () => {
    if (stateDir === undefined || journal === undefined) return;
    writeWatchState(stateDir, { files: follower.snapshot(), outputBytes: sink.bytes, started: true, siteMap: journal.write() });
    journal.saved();
  };
  let totalRecords = 0;
  let totalMalformed = 0;
  let newestMs: number | null = null;
  const startedMs = Date.now();
  const summary = () => ({
    records: totalRecords,
    malformed: totalMalformed,
    files: follower.snapshot().filter((f) => !f.gone).length + (stdin ? 1 : 0),
    format: settings.format,
    clientIps: clients.clients,
    damagedFiles: 0,
    elapsedMs: Date.now() - startedMs,
  });
  const alerts = settings.alert === undefined ? undefined : new WatchAlerts(settings.alert, settings.paths, (report) => options.onEvent?.({ type: 'alert', ...report }));
  const health = settings.healthMs === undefined ? undefined : new HealthClock(settings.healthMs);
  let ready = false;
  try {
    for (;;) {
      if (signal?.aborted) throw new InterruptedError({ cause: signal.reason });
      const { chunks, more } = await follower.poll();
      const parsed = chunks.map((chunk) => parser.parse(chunk.file, chunk));
      const fromStdin = stdin?.take();
      if (fromStdin && stdin) parsed.push(parser.parse(stdin.file, { ...fromStdin, file: stdin.file }));
      // The files that gave records, with the format their parser read them in.
      const readFiles = [...chunks.map((chunk) => chunk.file), ...(fromStdin && stdin ? [stdin.file] : [])]
        .flatMap((file, i) => (parsed[i]!.records.length > 0 && file.format !== null ? [{ file: file.name, format: file.format }] : []));
      const records = parsed.flatMap((p) => p.records);
      const malformed = parsed.flatMap((p) => p.malformed);
      if (chunks.length > 0 || fromStdin) {
        const judged = await judge.judge(records, signal);
        for (const { record } of judged) if (record.timeMs !== null && (newestMs === null || record.timeMs > newestMs)) newestMs = record.timeMs;
        const lines = judged.map(judgedLine).filter((line): line is CampaignLine => line !== undefined);
        const ipFindings = clients.judge(judged);
        // A client found hostile now: its probes in the window that were no finding when they came.
        lines.push(...clients.takeKeptLines().map(keptCampaignLine));
        const findings = lines.map((line) => line.finding);
        campaigns.add(lines);
        campaigns.noteClients(ipFindings);
        const campaignFindings = campaigns.due(newestMs);
        // As in scan, a finding names its client's campaign: from the batch that wrote the campaign on.
        for (const finding of [...findings, ...ipFindings]) {
          const campaign = campaigns.campaignOf(finding.ip);
          if (campaign !== undefined) finding.campaign = campaign;
        }
        const categoryFindings: CategoryFinding[] = [];
        for (const record of records) {
          windows.add(record);
          if (newValues !== undefined) categoryFindings.push(...newValues.add(record));
        }
        const closed = windows.close();
        const windowFindings = closed.windows;
        categoryFindings.push(...closed.shifts);
        await sink.write(renderBatch(findings, ipFindings, campaignFindings, windowFindings, categoryFindings, malformed));
        save();
        totalRecords += records.length;
        totalMalformed += malformed.length;
        for (const message of [...inputWarnings.addFormats(readFiles), ...inputWarnings.add(records, parser.readThroughProxies), ...clients.takeWarnings()]) options.onEvent?.({ type: 'warning', message });
        alerts?.offer(findings, ipFindings, summary(), signal);
        options.onEvent?.({ type: 'batch', records: records.length, findings: findings.length + ipFindings.length + campaignFindings.length + windowFindings.length + categoryFindings.length, malformed: malformed.length, totalRecords });
      }
      if (!ready) {
        ready = true;
        save();
        options.onEvent?.({ type: 'ready', files: follower.followedFiles });
      }
      // Cooldowns end on time, with or without new findings.
      if (chunks.length === 0 && !fromStdin) alerts?.offer([], [], summary(), signal);
      const rate = health?.due(totalRecords);
      if (rate !== undefined) {
        options.onEvent?.({
          type: 'health',
          linesPerSecond: Math.round(rate),
          lagBytes: followLag(follower.snapshot()),
          behindMs: newestMs === null ? null : Date.now() - newestMs,
          clients: clients.clients,
          clientRequests: clients.requests,
          texts: judge.texts,
          records: totalRecords,
          outsideWindows: windows.outside,
        });
      }
      if (stdin?.done && files.length === 0) {
        if (stdin.error !== undefined) throw stdin.error;
        // The input has ended: its last windows will not close on their own.
        const last = windows.flush();
        await sink.write(renderBatch([], [], campaigns.flush(), last.windows, last.shifts, []));
        await alerts?.close(summary());
        return { records: totalRecords, alertsFailed: alerts?.failed ?? 0 };
      }
      if (!more && !(stdin && !stdin.done && fromStdin)) await wake.next(signal);
    }
  } finally {
    wake.close();
    stdin?.close();
    // Interrupted or failed: what the cooldowns held back still goes out (within a few seconds).
    await alerts?.close(summary());
    await novelty?.close();
  }
}

/**
 * Line findings in arrival order, the clients the batch made findings, the campaigns found or grown,
 * the time windows that closed, the new categorical values, then its malformed lines: the types of
 * `scan --output ndjson`.
 */
function renderBatch(
  findings: readonly LineFinding[],
  ips: readonly IpFinding[],
  campaigns: readonly Campaign[],
  windows: readonly WindowFinding[],
  categories: readonly CategoryFinding[],
  malformed: readonly MalformedLine[],
): string {
  let out = '';
  for (const line of findings) out += `${JSON.stringify({ type: 'line', ...line })}\n`;
  for (const ip of ips) out += `${JSON.stringify({ type: 'ip', ...ip })}\n`;
  for (const campaign of campaigns) out += `${JSON.stringify({ type: 'campaign', ...campaign })}\n`;
  for (const window of windows) out += ndjsonWindow(window);
  for (const category of categories) out += ndjsonCategory(category);
  for (const bad of malformed) out += `${JSON.stringify({ type: 'malformed', ...bad })}\n`;
  return out;
}

function checkWatchOptions(options: WatchOptions) {
  checkType('watchLogs() options', options, 'object');
  checkType('option paths', options.paths, 'strings');
  checkTypes('', options, {
    stateDir: 'string', format: 'string', logFormat: 'string', trustedProxies: 'strings', fromStart: 'boolean', stdin: 'object',
    baselineDir: 'string', embedding: 'object', embedder: 'object', cacheDir: 'folderOrFalse', semantic: 'object', outFile: 'string',
    sink: 'object', alert: 'object', signal: 'signal', onEvent: 'function',
  });
  const { paths } = options;
  if ((options.sink === undefined) === (options.outFile === undefined)) throw new UsageError('give watchLogs either outFile or sink');
  if (paths.length === 0) throw new UsageError('no input given', { hint: 'name log files or globs to follow, or - for stdin' });
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  for (const path of paths) {
    if (path.startsWith('s3://')) throw new UsageError(`cannot follow ${path}: watch follows local files`, { hint: 'scan S3 prefixes with semlog scan' });
    if (COMPRESSED.test(path)) throw new UsageError(`cannot follow ${path}: a compressed log does not grow`, { hint: `read it once with: semlog scan ${path}` });
  }
  const whole = (name: string, value: number | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < min) throw new UsageError(`${name} must be an integer >= ${min}, got ${value}`);
    return value;
  };
  // The embedding and semantic settings by the rules of scan (options/option-rules.ts).
  checkEmbeddingOptions('embedding.', options.embedding);
  checkSemanticOptions(options.semantic);
  // Judged one by one, never clustered: what the CLI refuses (cli/watch-command.ts) a library call must not take and ignore.
  const semantic = (options.semantic ?? {}) as Record<string, unknown>;
  const clustering = ['minSamples', 'farOutlier'].find((key) => semantic[key] !== undefined);
  if (clustering !== undefined) throw new UsageError(`option semantic.${clustering}: watchLogs() clusters nothing`, { hint: 'pass it to analyze() or detectAnomalies()' });
  const againstBaseline = ['eps', 'minRarity'].find((key) => semantic[key] !== undefined);
  if (againstBaseline !== undefined && options.baselineDir === undefined) {
    throw new UsageError(`option semantic.${againstBaseline}: watchLogs() uses it only with baselineDir`, { hint: 'add baselineDir, or leave it out' });
  }
  const format = options.format ?? 'auto';
  if (format !== 'auto') getFormat(format);
  if (options.logFormat !== undefined) getFormat('custom-apache').createParser({ logFormat: options.logFormat });
  return {
    paths,
    format: options.logFormat !== undefined ? 'custom-apache' : format,
    ...forwardedSetting(options.trustedProxies),
    ...(options.ipv6Prefix !== undefined && { network: createIpv6Network(options.ipv6Prefix, 'option ipv6Prefix') }),
    fromStart: options.fromStart ?? false,
    pollMs: whole('pollMs', options.pollMs, WATCH_DEFAULTS.pollMs, 10),
    settleMs: whole('settleMs', options.settleMs, WATCH_DEFAULTS.settleMs, 0),
    readBudgetBytes: whole('readBudgetBytes', options.readBudgetBytes, WATCH_DEFAULTS.readBudgetBytes, 1),
    maxTexts: whole('maxTexts', options.maxTexts, WATCH_DEFAULTS.maxTexts, 1),
    maxLineBytes: whole('maxLineBytes', options.maxLineBytes, WATCH_DEFAULTS.maxLineBytes, 1),
    clientWindowMs: whole('clientWindowMs', options.clientWindowMs, WATCH_DEFAULTS.clientWindowMs, OPTION_RULES.windowMs.min),
    maxClients: whole('maxClients', options.maxClients, WATCH_DEFAULTS.maxClients, 1),
    alert: checkAlert(options.alert),
    ...checkClientCaps(options),
    healthMs: options.healthMs === undefined ? undefined : whole('healthMs', options.healthMs, 0, 1),
  };
}

/** The trusted proxies' resolver, checked whenever given; none for an empty list, as in scan (features/scope.ts). */
function forwardedSetting(trustedProxies: readonly string[] | undefined): { forwarded?: ForwardedClient } {
  if (trustedProxies === undefined) return {};
  const forwarded = createForwardedClient(trustedProxies);
  return trustedProxies.length > 0 ? { forwarded } : {};
}

function checkClientCaps(options: WatchOptions): { maxRequestsPerClient: number; maxClientRequests: number } {
  const perClient = options.maxRequestsPerClient ?? WATCH_DEFAULTS.maxRequestsPerClient;
  const all = options.maxClientRequests ?? WATCH_DEFAULTS.maxClientRequests;
  checkNumber('option maxRequestsPerClient', perClient, OPTION_RULES.maxClients);
  checkNumber('option maxClientRequests', all, OPTION_RULES.maxClients);
  if (perClient > all) throw new UsageError(`maxRequestsPerClient (${perClient}) cannot exceed maxClientRequests (${all})`, { hint: 'one client cannot keep more requests than all of them together' });
  return { maxRequestsPerClient: perClient, maxClientRequests: all };
}

function checkAlert(alert: WatchAlertOptions | undefined): (WatchAlertOptions & { cooldownMs: number }) | undefined {
  if (alert === undefined) return undefined;
  checkType('option alert.targets', alert.targets, 'object');
  if (alert.targets.webhookUrl === undefined && alert.targets.snsTopicArn === undefined) {
    throw new UsageError('alert needs a target', { hint: 'give alert.targets.webhookUrl or alert.targets.snsTopicArn' });
  }
  checkAlertTargets(alert.targets);
  checkNumber('option alert.failOn', alert.failOn, OPTION_RULES.failOn);
  const cooldownMs = alert.cooldownMs ?? WATCH_DEFAULTS.alertCooldownMs;
  checkNumber('option alert.cooldownMs', cooldownMs, OPTION_RULES.alertCooldownMs);
  return { ...alert, cooldownMs };
}
