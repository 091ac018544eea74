// `semlog scan PATH…`: argument parsing only; the work is analyze(), the same function library users call.

import type { Argv, CommandModule } from 'yargs';
import type { QueueScanOptions } from '../distributed/bullmq/scan-on-queue.js';
import type { MapProgress } from '../distributed/bullmq/run-map-jobs.js';
import { redisOptions } from '../distributed/bullmq/redis-connection.js';
import { PLAN_DEFAULTS } from '../distributed/plan-map-jobs.js';
import { EXIT, UsageError } from '../errors.js';
import { CATEGORY_DEFAULTS, type CategoryOptions } from '../categories/category-options.js';
import { FUSE_DEFAULTS } from '../rank/fuse-findings.js';
import { analyze } from '../pipeline/analyze.js';
import { renderHtml } from '../report/render-html.js';
import { sanitizeLines } from '../report/sanitize-terminal.js';
import { OUTPUT_FORMATS, renderReport, TABLE_TOP } from '../report/render-report.js';
import type { Analysis } from '../types.js';
import { alertOptions, alertTargets, sendAlerts, type AlertArgs } from './alert-options.js';
import { runWithContext } from './run-with-context.js';
import {
  embeddingModeOption, embeddingModeSetting, inputOptions, modelOptions, pipelineOptions, pipelineSettings, progressWanted, semanticOptions, semanticSettings, type InputArgs, type ModelArgs, type PipelineArgs, type SemanticArgs,
} from './shared-options.js';
import { applyTuneConfig } from './apply-tune-config.js';
import { numberOption } from './number-args.js';
import { checkOutputs, checkWritable, stdoutOrFile } from './output-paths.js';
import { writeReport } from './write-report.js';

export interface ScanArgs extends InputArgs, ModelArgs, PipelineArgs, SemanticArgs, AlertArgs {
  embedding: string | undefined;
  config: string | undefined;
  ipWeight: number | undefined;
  minScore: number | undefined;
  baseline: string | undefined;
  output: string;
  out: string | undefined;
  failOn: number | undefined;
  top: number | undefined;
  html: string | undefined;
  queue: string | undefined;
  store: string | undefined;
  rangeBytes: number | undefined;
  minValueCount: number | undefined;
  minMixRequests: number | undefined;
  rareShare: number | undefined;
  clientShare: number | undefined;
  shareRatio: number | undefined;
  minShareRise: number | undefined;
}

export const scanCommand: CommandModule<object, ScanArgs> = {
  command: 'scan <paths..>',
  describe: 'Find anomalous requests and clients in access logs',
  builder: (yargs: Argv) =>
    embeddingModeOption(alertOptions(semanticOptions(pipelineOptions(modelOptions(inputOptions(yargs))))))
      .option('ip-weight', numberOption('ip-weight', `The most a flagged client adds to each of its lines' scores (default ${FUSE_DEFAULTS.ipWeight})`))
      .option('min-score', numberOption('min-score', `Report flagged lines scoring at least this (default ${FUSE_DEFAULTS.minLineScore})`))
      .option('min-value-count', numberOption('min-value-count', `Categorical findings: a value needs this many records (default ${CATEGORY_DEFAULTS.minCount})`))
      .option('min-mix-requests', numberOption('min-mix-requests', `Categorical findings: a client's or window's mix needs this many records (default ${CATEGORY_DEFAULTS.minRequests})`))
      .option('rare-share', numberOption('rare-share', `Categorical findings: without a baseline, a value under this share of its field is rare (default ${CATEGORY_DEFAULTS.rareShare})`))
      .option('client-share', numberOption('client-share', `Categorical findings: a value this share of a client's records is an unusual mix (default ${CATEGORY_DEFAULTS.clientShare})`))
      .option('share-ratio', numberOption('share-ratio', `Categorical findings: …and this many times its usual share (default ${CATEGORY_DEFAULTS.shareRatio})`))
      .option('min-share-rise', numberOption('min-share-rise', `Categorical findings: a window's share must also rise by this much (default ${CATEGORY_DEFAULTS.minShareRise})`))
      .option('config', { type: 'string', describe: 'Settings saved by semlog tune --save; flags given here override them' })
      .option('baseline', { type: 'string', describe: 'Judge against a baseline learned by semlog train' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'table', describe: 'Report format' })
      .option('out', { type: 'string', describe: 'Write the report to FILE (atomically) instead of stdout (- is stdout)' })
      .option('html', { type: 'string', describe: 'Also write a self-contained HTML report to FILE (atomically)' })
      .option('fail-on', numberOption('fail-on', 'Exit 1 when any finding scores at least SCORE'))
      .option('queue', { type: 'string', describe: 'Split the scan into map jobs for `semlog worker`s on this Redis (redis://HOST:PORT); the report is the same' })
      .option('store', { type: 'string', describe: 'With --queue: where the map results go, a folder every worker host shares (it holds the embedding cache too) or s3://BUCKET/PREFIX (each host keeps its own cache)' })
      .option('range-bytes', numberOption('range-bytes', `With --queue: split a plain (not gzipped) local file larger than this into byte ranges of this size, a map job each (default ${PLAN_DEFAULTS.rangeBytes}, 256 MiB)`))
      .option('top', numberOption('top', `Keep the best N findings of each kind (default: ${TABLE_TOP} in the table, all otherwise)`))
      .example('$0 scan access.log', 'Scan one file, print a table')
      .example('$0 scan /var/log/nginx/ --output json --out report.json', 'Scan a folder (recursively, .gz included)')
      .example('zcat access.log.gz | $0 scan - --format combined', 'Read stdin')
      .example('$0 scan logs/ --fail-on 40 --html report.html', 'Nightly job: exit 1 when a finding scores 40 or more (pick it from a normal day), with a report to open')
      .example('$0 scan today.log --baseline normal/ --exclude 10.0.0.0/8', 'Against last week\'s clean traffic, without internal clients')
      .example('$0 scan /var/log/nginx/ --trusted-proxy 10.0.0.0/8', 'Behind a load balancer: each request is the client its logged X-Forwarded-For names')
      .example('$0 scan today.log --config tuned.json', 'With the settings semlog tune chose')
      .example('$0 scan /mnt/logs/ --queue redis://10.0.0.5:6379 --store /mnt/semlog-store', 'Across machines: map jobs for the semlog workers, reduced and reported here')
      .example('$0 scan s3://my-logs/cf/ --queue redis://10.0.0.5:6379 --store s3://my-semlog/store/', 'Across machines that share no folder: the map results go to S3')
      .example('$0 scan s3://my-logs/cf/ --since 24h --fail-on 40 --alert-webhook URL', 'Nightly job: CloudFront logs from S3, a Slack/Teams message on findings') as unknown as Argv<ScanArgs>,
  handler: (args) =>
    runWithContext(args, async ({ endProgress, ...context }) => {
      const out = stdoutOrFile('--out', args.out, true);
      const html = stdoutOrFile('--html', args.html, false);
      const outputs = [...(out !== undefined ? [{ option: '--out', path: out }] : []), ...(html !== undefined ? [{ option: '--html', path: html }] : [])];
      await checkOutputs(outputs, args.paths);
      // A folder in the report's place, or a folder that takes no file, fails now, not after the scan.
      for (const output of outputs) await checkWritable(output, output.option === '--html' ? 'report.html' : 'report.json');
      const alerts = alertTargets(args);
      const settings = applyTuneConfig(args);
      const distributed = queueOptions(args);
      const embedding = embeddingModeSetting(args);
      if (distributed && embedding.embeddingMode === 'cascade') {
        throw new UsageError('--embedding cascade cannot be combined with --queue yet', { hint: 'the map jobs embed every text; drop --embedding or --queue' });
      }
      const options = {
        ...pipelineSettings(settings),
        ...embedding,
        semantic: semanticSettings(settings),
        fuse: {
          ...(settings.ipWeight !== undefined && { ipWeight: settings.ipWeight }),
          ...(settings.minScore !== undefined && { minLineScore: settings.minScore }),
        },
        categories: categorySettings(args),
        ...(settings.learned && { learned: settings.learned }),
        ...(settings.learnedClients && { learnedClients: settings.learnedClients }),
        ...(args.baseline !== undefined && { baselineDir: args.baseline }),
        ...context,
      };
      // BullMQ is loaded only for --queue: it doubled the start-up of every scan.
      const analysis = distributed
        ? await (await import('../distributed/bullmq/scan-on-queue.js')).scanOnQueue(options, distributed)
        : await analyze(options);
      endProgress();
      // Colour only for a person at a terminal, and never against NO_COLOR (no-color.org).
      const color = args.output === 'table' && out === undefined && process.stdout.isTTY === true && !process.env['NO_COLOR'];
      await writeReport(renderReport(args.output, analysis, { top: args.top, color }), out, context.signal);
      if (html !== undefined) {
        const title = `semlog: ${args.paths.join(', ')}`;
        await writeReport([renderHtml(analysis, { title, ...(args.failOn !== undefined && { failOn: args.failOn }) })], html, context.signal);
      }
      const reports = [out, html].filter((file): file is string => file !== undefined);
      const delivered = alerts === undefined || args.failOn === undefined ||
        (await sendAlerts(alerts, analysis, { failOn: args.failOn, sources: args.paths, reports, quiet: args.quiet, signal: context.signal }));
      process.exitCode = scanExitCode(analysis, args.failOn, !delivered);
    }),
};

/** --queue and --store (and --range-bytes) go together; the coordinator's progress is one line per finished map job. */
function queueOptions(args: ScanArgs): QueueScanOptions | undefined {
  if (args.queue === undefined && args.rangeBytes !== undefined) throw new UsageError('--range-bytes is only used with --queue', { hint: 'add --queue redis://HOST:PORT and --store DIR, or drop --range-bytes' });
  if (args.queue === undefined && args.store === undefined) return undefined;
  if (args.queue === undefined) throw new UsageError('--store is only used with --queue', { hint: 'add --queue redis://HOST:PORT, or drop --store' });
  if (args.store === undefined || args.store === '') {
    throw new UsageError('--queue needs --store DIR, a folder every worker host shares, or --store s3://BUCKET/PREFIX', { hint: 'e.g. --store /mnt/shared/semlog-store' });
  }
  redisOptions(args.queue, '--queue');
  const show = progressWanted(args);
  return {
    queue: args.queue,
    store: args.store,
    ...(args.rangeBytes !== undefined && { rangeBytes: args.rangeBytes }),
    // Not only with progress: a nightly job's stderr is no terminal, and it would wait without a word.
    ...(!args.quiet && { onNote: (message: string) => void process.stderr.write(`semlog: note: ${sanitizeLines(message)}\n`) }),
    ...(show && {
      onMapProgress: ({ done, total, lines, elapsedMs }: MapProgress) => {
        const rate = Math.round(lines / Math.max(elapsedMs / 1000, 1e-3));
        process.stderr.write(`semlog: map jobs done ${done}/${total} · ${lines.toLocaleString('en')} lines · ${rate.toLocaleString('en')} lines/s\n`);
      },
    }),
  };
}

/** The categorical thresholds given on the command line (checked by number-args.ts). */
function categorySettings(args: ScanArgs): Partial<CategoryOptions> {
  const given: Partial<CategoryOptions> = {
    minCount: args.minValueCount, minRequests: args.minMixRequests, rareShare: args.rareShare,
    clientShare: args.clientShare, shareRatio: args.shareRatio, minShareRise: args.minShareRise,
  };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
}

/**
 * Damaged input outranks findings: a nightly job must learn that part of its logs was not read. An
 * alert that was not delivered outranks the findings it was about: nobody has been told of them.
 */
export function scanExitCode(analysis: Analysis, failOn: number | undefined, alertFailed = false): number {
  if (analysis.summary.damagedFiles > 0) return EXIT.input;
  if (failOn === undefined) return EXIT.ok;
  const reached = analysis.lines.some((f) => f.score >= failOn) || analysis.ips.some((f) => f.score >= failOn);
  if (!reached) return EXIT.ok;
  return alertFailed ? EXIT.alert : EXIT.findings;
}
