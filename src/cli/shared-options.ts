// Options shared by scan, train and tune: where the logs come from, which model reads them, what is in scope.

import type { Argv } from 'yargs';
import { POOL_DEFAULTS } from '../embed/pool-embedder.js';
import { UsageError } from '../errors.js';
import { READ_DEFAULTS } from '../parse/read-logs.js';
import { isS3Uri } from '../parse/s3/s3-uri.js';
import { PREPARE_DEFAULTS } from '../pipeline/prepare-scan.js';
import { SEMANTIC_DEFAULTS } from '../pipeline/semantic-outliers.js';
import { checkEmbeddingMode } from '../options/check-library-options.js';
import type { EmbeddingMode } from '../pipeline/embedding-modes.js';
import { numberOption } from './number-args.js';
import { parseTime } from './parse-time.js';

export interface InputArgs {
  paths: string[];
  format: string;
  logFormat: string | undefined;
  maxLineBytes: number;
  endpointUrl: string | undefined;
  region: string | undefined;
  debug: boolean;
  progress: boolean | undefined;
  quiet: boolean;
}

export interface ModelArgs {
  model: string | undefined;
  workers: number | undefined;
  batchSize: number;
}

export function inputOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .positional('paths', { type: 'string', array: true, describe: 'Log files, folders, globs, .gz, s3://BUCKET/PREFIX, or - for stdin' })
    .option('format', { alias: 'f', type: 'string', default: 'auto', describe: 'Log format (auto-detected per file)' })
    .option('log-format', { type: 'string', describe: "Apache LogFormat string, e.g. '%h %l %u %t \"%r\" %>s %b'" })
    .option('max-line-bytes', numberOption('max-line-bytes', 'Longer lines are counted as malformed', READ_DEFAULTS.maxLineBytes))
    .option('endpoint-url', { type: 'string', describe: 'S3-compatible store for s3:// inputs (path-style), e.g. http://127.0.0.1:9000' })
    .option('region', { type: 'string', describe: 'AWS region of s3:// inputs (default: AWS_REGION or the profile, else us-east-1)' })
    .option('progress', { type: 'boolean', describe: 'Show progress on stderr (default: when stderr is a terminal)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress and no notes on stderr; errors still print' });
}

export function modelOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('model', { type: 'string', describe: 'Folder of a local sentence-transformers ONNX export (default: bundled MiniLM)' })
    .option('workers', numberOption('workers', 'Embedding worker threads (default: one per core)'))
    .option('batch-size', numberOption('batch-size', 'Texts per model call (small batches waste less on padding)', POOL_DEFAULTS.batchSize));
}

export interface PipelineArgs {
  cache: string | boolean;
  trustedProxy: string[] | undefined;
  ipv6Prefix: number | undefined;
  exclude: string[] | undefined;
  allowIp: string[] | undefined;
  allowUserAgent: string[] | undefined;
  since: string | undefined;
  until: string | undefined;
  windowMinutes: number;
}

export function pipelineOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('cache', { type: 'string', describe: 'Embedding cache folder (default: $XDG_CACHE_HOME/semlog/embeddings, else ~/.cache/semlog/embeddings); --no-cache disables it' })
    .option('trusted-proxy', { type: 'string', array: true, describe: 'A load balancer or proxy (IP or CIDR, repeatable): its requests count as the client its logged X-Forwarded-For names' })
    .option('ipv6-prefix', numberOption('ipv6-prefix', 'Count an IPv6 client by its /N network, e.g. 64: one host or subscriber, whatever interface id it picks (default: each address)'))
    .option('exclude', { type: 'string', array: true, describe: 'Leave out clients in this CIDR (repeatable); counted in the summary' })
    .option('allow-ip', { type: 'string', array: true, describe: 'Never report this IP or CIDR (repeatable)' })
    .option('allow-user-agent', { type: 'string', array: true, describe: 'Never report clients whose user agent contains this text, or matches /regex/ (repeatable)' })
    .option('since', { type: 'string', describe: 'Only records from this time on: an age (24h, 7d) or an ISO date/time' })
    .option('until', { type: 'string', describe: 'Only records before this time: an age or an ISO date/time' })
    .option('window-minutes', numberOption('window-minutes', 'Length of the time windows', PREPARE_DEFAULTS.windowMs / 60_000));
}

/**
 * `--embedding full|cascade`: scan and tune take it. train does not: a baseline keeps every text's
 * vector as normal, and a cascade's proxies are not real vectors.
 */
export function embeddingModeOption<T>(yargs: Argv<T>): Argv<T> {
  return yargs.option('embedding', {
    type: 'string',
    describe: `full: MiniLM embeds every distinct text; cascade: only outliers of a static embedding, flagged texts, anchors and an audit sample (default ${PREPARE_DEFAULTS.embeddingMode})`,
  });
}

/** The checked --embedding value, as prepareScan() takes it. */
export function embeddingModeSetting(args: { embedding?: string | undefined }): { embeddingMode?: EmbeddingMode } {
  checkEmbeddingMode(args.embedding, '--embedding');
  return args.embedding === undefined ? {} : { embeddingMode: args.embedding as EmbeddingMode };
}

export interface SemanticArgs {
  eps: number | undefined;
  minSamples: number | undefined;
  minRarity: number | undefined;
}

/** The semantic detector's settings: scan takes them; tune sweeps them; train clusters nothing. */
export function semanticOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('eps', numberOption('eps', `DBSCAN radius, Euclidean between unit vectors (default ${SEMANTIC_DEFAULTS.eps})`))
    .option('min-samples', numberOption('min-samples', `Requests within eps that make a cluster core (default ${SEMANTIC_DEFAULTS.minSamples})`))
    .option('min-rarity', numberOption('min-rarity', `Bits of unusual characters that make an outlier a finding (default ${SEMANTIC_DEFAULTS.minRarity})`));
}

/** The semantic detector's settings given on the command line (or by --config). */
export function semanticSettings(args: SemanticArgs) {
  return {
    ...(args.eps !== undefined && { eps: args.eps }),
    ...(args.minSamples !== undefined && { minSamples: args.minSamples }),
    ...(args.minRarity !== undefined && { minRarity: args.minRarity }),
  };
}

/** Progress is for people: on a terminal, or when asked; never with --quiet. */
export function progressWanted(args: InputArgs): boolean {
  return !args.quiet && (args.progress ?? process.stderr.isTTY === true);
}

/**
 * --endpoint-url and --region reach S3 inputs, and scan's S3 --store: given without either, they were
 * taken and ignored (a typo in a path that was meant to be s3:// went unnoticed), and a URL that is no
 * URL was refused only when an S3 input was read.
 */
function s3Settings(args: InputArgs & { store?: string | undefined }) {
  const given = args.endpointUrl !== undefined ? '--endpoint-url' : args.region !== undefined ? '--region' : undefined;
  if (given === undefined) return {};
  if (!args.paths.some(isS3Uri) && !(args.store !== undefined && isS3Uri(args.store))) {
    throw new UsageError(`${given} is only used with s3:// inputs (or an s3:// --store)`, { hint: `name an s3://BUCKET/PREFIX, or leave ${given} out` });
  }
  if (args.endpointUrl !== undefined && !/^https?:\/\/[^/]/.test(args.endpointUrl)) {
    throw new UsageError(`--endpoint-url ${args.endpointUrl} is not an http(s) URL`, { hint: 'e.g. --endpoint-url http://127.0.0.1:9000' });
  }
  return {
    ...(args.endpointUrl !== undefined && { endpointUrl: args.endpointUrl }),
    ...(args.region !== undefined && { region: args.region }),
  };
}

/** The pipeline settings shared by scan and train, from parsed arguments. */
export function pipelineSettings(args: InputArgs & ModelArgs & PipelineArgs) {
  return {
    paths: args.paths,
    format: args.format,
    ...(args.logFormat !== undefined && { logFormat: args.logFormat }),
    maxLineBytes: args.maxLineBytes,
    s3: s3Settings(args),
    embedding: {
      ...(args.model !== undefined && { modelDir: args.model }),
      ...(args.workers !== undefined && { workers: args.workers }),
      batchSize: args.batchSize,
    },
    cacheDir: cacheSetting(args.cache),
    scope: {
      ...(args.trustedProxy && { trustedProxies: args.trustedProxy }),
      ...(args.ipv6Prefix !== undefined && { ipv6Prefix: args.ipv6Prefix }),
      ...(args.exclude && { exclude: args.exclude }),
      ...(args.allowIp && { allowIps: args.allowIp }),
      ...(args.allowUserAgent && { allowUserAgents: args.allowUserAgent }),
      ...(args.since !== undefined && { sinceMs: parseTime(args.since, '--since') }),
      ...(args.until !== undefined && { untilMs: parseTime(args.until, '--until') }),
    },
    windowMs: Math.round(args.windowMinutes * 60_000),
  };
}

/**
 * What `--cache` says: a folder, false for --no-cache, undefined for the default. yargs turns
 * --no-cache into cache: false and a bare --cache into ''.
 */
export function cacheSetting(cache: string | boolean | undefined): string | false | undefined {
  if (cache === false) return false;
  return typeof cache === 'string' && cache !== '' ? cache : undefined;
}
