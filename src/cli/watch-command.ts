// `semlog watch PATH|GLOB… --state DIR`: its options. What it does is in watch-run.ts, loaded only
// when the command runs, so that the other commands do not pay for the watch pipeline's modules.

import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { READ_DEFAULTS } from '../parse/read-logs.js';
import { WATCH_DEFAULTS } from '../watch/watch-defaults.js';
import { alertOptions, type AlertArgs } from './alert-options.js';
import { numberOption } from './number-args.js';
import { modelOptions, semanticOptions, type ModelArgs, type SemanticArgs } from './shared-options.js';

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
  trustedProxy: string[] | undefined;
  ipv6Prefix: number | undefined;
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
      .option('state', { type: 'string', describe: 'Folder that keeps where each file was read to and the routes known, so that a restart resumes there (no line lost, none judged twice)' })
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
      .option('trusted-proxy', { type: 'string', array: true, describe: 'A load balancer or proxy (IP or CIDR, repeatable): its requests count as the client its logged X-Forwarded-For names' })
      .option('ipv6-prefix', numberOption('ipv6-prefix', 'Count an IPv6 client by its /N network, as scan does (default: each address)'))
      .option('max-line-bytes', numberOption('max-line-bytes', 'Longer lines are counted as malformed', READ_DEFAULTS.maxLineBytes))
      .option('progress', { type: 'boolean', default: false, describe: 'A line on stderr per batch judged: records, findings, total (see also --health)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No notes on stderr; errors still print' })
      .example('$0 watch /var/log/nginx/access.log --state /var/lib/semlog', 'Follow one log across rotation and restarts')
      .example("$0 watch '/var/log/nginx/*.log' --state /var/lib/semlog --out findings.ndjson", 'Follow every log a glob matches, now and later')
      .example('$0 watch /var/log/nginx/access.log --state /var/lib/semlog --baseline normal/', 'Also judge each new request against last week\'s clean traffic')
      .example('tail -F access.log | $0 watch -', 'Read stdin (no resume after a restart)') as unknown as Argv<WatchArgs>,
  handler: async (args) => {
    rejectUnusedDetectorFlags(args);
    return (await import('./watch-run.js')).runWatch(args);
  },
};

/**
 * watch clusters nothing: each request is judged alone, and against a baseline by its distance to
 * the nearest clean request. --min-samples never means anything here, --eps and --min-rarity only
 * with --baseline; given anyway, they were taken and ignored (the same findings for any value).
 */
function rejectUnusedDetectorFlags(args: WatchArgs): void {
  if (args.minSamples !== undefined) {
    throw new UsageError('--min-samples: semlog watch clusters nothing, so it means nothing here', { hint: 'it belongs to semlog scan; watch judges each request on its own' });
  }
  const given = args.eps !== undefined ? '--eps' : args.minRarity !== undefined ? '--min-rarity' : undefined;
  if (given !== undefined && args.baseline === undefined) {
    throw new UsageError(`${given}: semlog watch uses it only against a --baseline`, { hint: `add --baseline DIR (from semlog train), or leave ${given} out` });
  }
}
