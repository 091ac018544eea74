// What `semlog watch` does (its options are in watch-command.ts): watchLogs(), the same function
// library users call, and the terminal.

import { EXIT, InputError, UsageError } from '../errors.js';
import type { AlertReport } from '../watch/watch-alerts.js';
import type { FindingSink } from '../watch/finding-sink.js';
import { watchLogs, type WatchEvent } from '../watch/watch-logs.js';
import { alertTargets } from './alert-options.js';
import { listenForInterrupts } from './interrupt-signal.js';
import { sanitizeLines } from '../report/sanitize-terminal.js';
import { checkOutputs, stdoutOrFile } from './output-paths.js';
import { cacheSetting, semanticSettings } from './shared-options.js';
import type { WatchArgs } from './watch-command.js';

/** Follows the logs until Ctrl-C or SIGTERM (or the end of stdin), printing findings and notes as they come. */
export async function runWatch(args: WatchArgs): Promise<void> {
  const targets = alertTargets(args);
  if (targets === undefined && (args.failOn !== undefined || args.alertCooldown !== undefined)) {
    throw new UsageError(`watch ${args.failOn !== undefined ? '--fail-on' : '--alert-cooldown'} only shapes alerts`, { hint: 'add --alert-webhook URL or --alert-sns TOPIC_ARN, or leave it out' });
  }
  const out = stdoutOrFile('--out', args.out, true);
  // Findings appended to a followed log would be read back as log lines.
  if (out !== undefined) await checkOutputs([{ option: '--out', path: out }], args.paths);
  const cacheDir = cacheSetting(args.cache);
  const interrupts = listenForInterrupts();
  try {
    const result = await watchLogs({
      paths: args.paths,
      ...(args.state !== undefined && { stateDir: args.state }),
      format: args.format,
      ...(args.logFormat !== undefined && { logFormat: args.logFormat }),
      ...(args.trustedProxy !== undefined && { trustedProxies: args.trustedProxy }),
      ...(args.ipv6Prefix !== undefined && { ipv6Prefix: args.ipv6Prefix }),
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
      ...(cacheDir !== undefined && { cacheDir }),
      semantic: semanticSettings(args),
      ...(out === undefined ? { sink: stdoutSink() } : { outFile: out }),
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
}

function printEvent(event: WatchEvent, args: WatchArgs): void {
  if (event.type === 'alert' && event.errors.length > 0) return printAlert(event);
  if (args.quiet) return;
  if (event.type === 'ready') process.stderr.write(`semlog watch: following ${event.files} file(s)${args.paths.includes('-') ? ' and stdin' : ''}\n`);
  // A warning names files and quotes what the logs hold: attacker-controlled text.
  else if (event.type === 'warning') process.stderr.write(`semlog watch: warning: ${sanitizeLines(event.message)}\n`);
  else if (event.type === 'alert') printAlert(event);
  else if (event.type === 'health') {
    const behind = event.behindMs === null ? '' : `, newest request ${(event.behindMs / 1000).toFixed(1)} s old`;
    const late = event.outsideWindows === 0 ? '' : `; ${event.outsideWindows} in no time window (too late for theirs, or an hour ahead of the log's clock)`;
    process.stderr.write(`semlog watch: health: ${event.linesPerSecond} lines/s, lag ${event.lagBytes} bytes${behind}; ${event.clients} clients (${event.clientRequests} requests), ${event.texts} texts kept; ${event.records} records in all${late}\n`);
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

/**
 * Findings on stdout, waiting when the reader is slow. A write that fails rejects, so that watchLogs
 * ends (exit 3) without saving the state of that batch: a watcher whose reader went away (`| head`)
 * can deliver nothing more, and its next start judges that batch again instead of skipping it.
 */
function stdoutSink(): FindingSink {
  return {
    bytes: null,
    async write(text) {
      if (text === '') return;
      await new Promise<void>((resolve, reject) => {
        process.stdout.write(text, (error) => (error ? reject(stdoutFailed(error)) : resolve()));
      });
    },
    close() {},
  };
}

function stdoutFailed(error: NodeJS.ErrnoException): InputError {
  // The stream reports the failure as an 'error' event too: unheard, it would end the run as an internal error.
  process.stdout.on('error', () => {});
  if (error.code === 'EPIPE') {
    return new InputError('SEMLOG_OUTPUT_FAILED', 'cannot write findings to stdout: its reader went away (EPIPE)', {
      hint: 'with --state, the next start resumes at the first line whose findings were not written; give watch a reader that stays, or write with --out FILE',
      cause: error,
    });
  }
  return new InputError('SEMLOG_OUTPUT_FAILED', `cannot write findings to stdout: ${error.code ?? error.message}`, {
    hint: 'check where stdout goes and that its disk has free space, or write with --out FILE',
    cause: error,
  });
}
