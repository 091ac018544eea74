// `semlog watch PATH|GLOB… --state DIR`: argument parsing and the terminal; the work is watchLogs(),
// the same function library users call.

import type { Argv, CommandModule } from 'yargs';
import { EXIT, InputError, UsageError } from '../errors.js';
import type { AlertReport } from '../watch/watch-alerts.js';
import { alertOptions, alertTargets, type AlertArgs } from './alert-options.js';
import { READ_DEFAULTS } from '../parse/read-logs.js';
import type { FindingSink } from '../watch/finding-sink.js';
import { watchLogs, WATCH_DEFAULTS, type WatchEvent } from '../watch/watch-logs.js';
import { listenForInterrupts } from './interrupt-signal.js';
import { numberOption } from './number-args.js';
import { modelOptions, semanticOptions, semanticSettings, type ModelArgs, type SemanticArgs } from './shared-options.js';

export interface WatchArgs extends ModelArgs, SemanticArgs, AlertArgs {
  failOn: number | undefined;
  alertCooldown: number | undefined;
  health: number | undefined;
  baseline: string | undefined;
  cache: string | boolean;
  paths: string[];
  state: string | undefined;
  output: string;
  out: string | undefined;
  from: 'start' | 'end';
  pollMs: number;
  clientWindowMinutes: number;
  maxClients: number;
  format: string;
  logFormat: string | undefined;
  maxLineBytes: number;
  progress: boolean;
  quiet: boolean;
}

export const watchCommand: CommandModule<object, WatchArgs> = {
  command: 'watch <paths..>',
  describe: 'Follow live logs (across rotation and restarts) and report findings as they arrive',
  builder: (yargs: Argv) =>
    alertOptions(semanticOptions(modelOptions(yargs)))
      .positional('paths', { type: 'string', array: true, describe: 'Log files and globs to follow (new files that match are followed too), or - for stdin' })
      .option('state', { type: 'string', describe: 'Folder that keeps where each file was read to, so that a restart resumes there (no line lost, none judged twice)' })
      .option('output', { alias: 'o', choices: ['ndjson'], default: 'ndjson', describe: 'Findings as NDJSON, one per line, as they are decided' })
      .option('baseline', { type: 'string', describe: 'Judge new requests against a baseline learned by semlog train (as scan --baseline)' })
      .option('cache', { type: 'string', describe: 'Embedding cache folder (default: as scan); --no-cache disables it' })
      .option('out', { type: 'string', describe: 'Append findings to FILE instead of stdout (cut back to what --state accounts for after a crash)' })
      .option('from', { choices: ['end', 'start'] as const, default: 'end' as const, describe: 'On the first run with a --state folder, the files already there: judge only what they gain (end) or all of them (start)' })
      .option('poll-ms', numberOption('poll-ms', 'Look at the files this often even when no change event came', WATCH_DEFAULTS.pollMs))
      .option('client-window-minutes', numberOption('client-window-minutes', "Sliding window of each client's rolling state (rate, errors, URI diversity…), by the log's clock", WATCH_DEFAULTS.clientWindowMs / 60_000))
      .option('max-clients', numberOption('max-clients', 'Clients kept in the rolling state; past it the one idle longest is forgotten', WATCH_DEFAULTS.maxClients))
      .option('fail-on', numberOption('fail-on', 'With --alert-webhook or --alert-sns: alert on findings scoring at least SCORE'))
      .option('alert-cooldown', numberOption('alert-cooldown', `Seconds: at most one alert per client or campaign in this time; what it holds back is summarised when it ends (default ${WATCH_DEFAULTS.alertCooldownMs / 1000})`))
      .option('health', numberOption('health', 'Every SECONDS, a health line on stderr: lines/s, lag behind the files, clients and texts kept'))
      .option('format', { alias: 'f', type: 'string', default: 'auto', describe: 'Log format (auto-detected per file)' })
      .option('log-format', { type: 'string', describe: "Apache LogFormat string, e.g. '%h %l %u %t \"%r\" %>s %b'" })
      .option('max-line-bytes', numberOption('max-line-bytes', 'Longer lines are counted as malformed', READ_DEFAULTS.maxLineBytes))
      .option('progress', { type: 'boolean', default: false, describe: 'A line on stderr per batch judged: records, findings, total (see also --health)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No notes on stderr; errors still print' })
      .example('$0 watch /var/log/nginx/access.log --state /var/lib/semlog', 'Follow one log across rotation and restarts')
      .example("$0 watch '/var/log/nginx/*.log' --state /var/lib/semlog --out findings.ndjson", 'Follow every log a glob matches, now and later')
      .example('$0 watch /var/log/nginx/access.log --state /var/lib/semlog --baseline normal/', 'Also judge each new request against last week\'s clean traffic')
      .example('tail -F access.log | $0 watch -', 'Read stdin (no resume after a restart)') as unknown as Argv<WatchArgs>,
  handler: async (args) => {
    const targets = alertTargets(args);
    if (targets === undefined && (args.failOn !== undefined || args.alertCooldown !== undefined)) {
      throw new UsageError(`watch ${args.failOn !== undefined ? '--fail-on' : '--alert-cooldown'} only shapes alerts`, { hint: 'add --alert-webhook URL or --alert-sns TOPIC_ARN, or leave it out' });
    }
    const interrupts = listenForInterrupts();
    try {
      const result = await watchLogs({
        paths: args.paths,
        ...(args.state !== undefined && { stateDir: args.state }),
        format: args.format,
        ...(args.logFormat !== undefined && { logFormat: args.logFormat }),
        maxLineBytes: args.maxLineBytes,
        fromStart: args.from === 'start',
        pollMs: args.pollMs,
        clientWindowMs: Math.round(args.clientWindowMinutes * 60_000),
        maxClients: args.maxClients,
        ...(args.baseline !== undefined && { baselineDir: args.baseline }),
        embedding: {
          ...(args.model !== undefined && { modelDir: args.model }),
          ...(args.workers !== undefined && { workers: args.workers }),
          batchSize: args.batchSize,
        },
        // yargs turns --no-cache into cache: false and a bare --cache into ''.
        ...(args.cache === false ? { cacheDir: false as const } : typeof args.cache === 'string' && args.cache !== '' ? { cacheDir: args.cache } : {}),
        semantic: semanticSettings(args),
        ...(args.out === undefined ? { sink: stdoutSink() } : { outFile: args.out }),
        ...(targets !== undefined && {
          alert: { targets, failOn: args.failOn!, ...(args.alertCooldown !== undefined && { cooldownMs: Math.round(args.alertCooldown * 1000) }) },
        }),
        ...(args.health !== undefined && { healthMs: Math.round(args.health * 1000) }),
        signal: interrupts.signal,
        onEvent: (event) => printEvent(event, args),
      });
      // stdin ended: an alert that was not delivered outranks the findings it was about.
      if (result.alertsFailed > 0) process.exitCode = EXIT.alert;
    } finally {
      interrupts.dispose();
    }
  },
};

function printEvent(event: WatchEvent, args: WatchArgs): void {
  if (event.type === 'alert' && event.errors.length > 0) return printAlert(event);
  if (args.quiet) return;
  if (event.type === 'ready') process.stderr.write(`semlog watch: following ${event.files} file(s)${args.paths.includes('-') ? ' and stdin' : ''}\n`);
  else if (event.type === 'warning') process.stderr.write(`semlog watch: warning: ${event.message}\n`);
  else if (event.type === 'alert') printAlert(event);
  else if (event.type === 'health') {
    const behind = event.behindMs === null ? '' : `, newest request ${(event.behindMs / 1000).toFixed(1)} s old`;
    process.stderr.write(`semlog watch: health: ${event.linesPerSecond} lines/s, lag ${event.lagBytes} bytes${behind}; ${event.clients} clients (${event.clientRequests} requests), ${event.texts} texts kept; ${event.records} records in all\n`);
  } else if (args.progress) {
    process.stderr.write(`semlog watch: judged ${event.records} record(s), ${event.findings} finding(s), ${event.malformed} malformed; ${event.totalRecords} record(s) in all\n`);
  }
}

/** A failed delivery prints even with --quiet: nobody has been told. */
function printAlert(event: AlertReport): void {
  const what = `${event.findings} finding(s)${event.suppressed > 0 ? `, ${event.suppressed} held back summarised` : ''}`;
  for (const error of event.errors) process.stderr.write(`semlog watch: warning: alert not delivered (${what}): ${error}\n`);
  const sent = event.targets.length - event.errors.length;
  if (sent > 0) process.stderr.write(`semlog watch: alert sent (${what}) to ${sent} target(s)\n`);
}

/** Findings on stdout, waiting when the reader is slow; a reader that went away ends nothing but the output. */
function stdoutSink(): FindingSink {
  let gone = false;
  return {
    bytes: null,
    async write(text) {
      if (gone || text === '') return;
      await new Promise<void>((resolve, reject) => {
        process.stdout.write(text, (error) => {
          if (!error) return resolve();
          if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
            gone = true;
            process.stdout.on('error', () => {});
            return resolve();
          }
          reject(new InputError('SEMLOG_OUTPUT_FAILED', `cannot write findings to stdout: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
        });
      });
    },
    close() {},
  };
}
