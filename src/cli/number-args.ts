// Every command-line option that takes a number, with its rule. yargs leaves these options untyped,
// so that `--eps banana` reaches the check as "banana" rather than as NaN, and the check runs once
// for every command (a middleware), before any file is read or any model loads.

import type { Options } from 'yargs';
import { UsageError } from '../errors.js';
import { checkGivenOnce, checkNumber, describeRule } from '../options/check-number.js';
import { OPTION_RULES, type NumberRule } from '../options/option-rules.js';

const NUMBER_FLAGS = Object.freeze({
  'max-line-bytes': OPTION_RULES.maxLineBytes,
  'ipv6-prefix': OPTION_RULES.ipv6Prefix,
  workers: OPTION_RULES.workers,
  'batch-size': OPTION_RULES.batchSize,
  'window-minutes': OPTION_RULES.windowMinutes,
  eps: OPTION_RULES.eps,
  'min-samples': OPTION_RULES.minSamples,
  'min-rarity': OPTION_RULES.minRarity,
  'ip-weight': OPTION_RULES.ipWeight,
  'min-score': OPTION_RULES.minScore,
  'fail-on': OPTION_RULES.failOn,
  top: OPTION_RULES.top,
  folds: OPTION_RULES.folds,
  suggest: OPTION_RULES.suggest,
  'poll-ms': OPTION_RULES.pollMs,
  concurrency: OPTION_RULES.concurrency,
  'stall-seconds': OPTION_RULES.stallSeconds,
  'range-bytes': OPTION_RULES.rangeBytes,
  'min-value-count': OPTION_RULES.minCount,
  'min-mix-requests': OPTION_RULES.minRequests,
  'rare-share': OPTION_RULES.rareShare,
  'client-share': OPTION_RULES.clientShare,
  'share-ratio': OPTION_RULES.shareRatio,
  'min-share-rise': OPTION_RULES.minShareRise,
  'client-window-minutes': OPTION_RULES.windowMinutes,
  'max-clients': OPTION_RULES.maxClients,
  'alert-cooldown': OPTION_RULES.alertCooldownSeconds,
  health: OPTION_RULES.healthSeconds,
} satisfies Record<string, NumberRule>);

export type NumberFlag = keyof typeof NUMBER_FLAGS;

/** The yargs definition of a numeric option; the help shows its range where yargs would say [number]. */
export function numberOption(flag: NumberFlag, describe: string, defaultValue?: number): Options {
  return { describe: `${describe} [${describeRule(NUMBER_FLAGS[flag])}]`, ...(defaultValue !== undefined && { default: defaultValue }) };
}

/** Options that may be repeated; any other one given twice is a usage error, not "the last one wins". */
const REPEATABLE = new Set(['_', 'paths', 'trusted-proxy', 'trustedProxy', 'exclude', 'allow-ip', 'allowIp', 'allow-user-agent', 'allowUserAgent']);

/** Arguments that are no option: the command, the positional paths, the program's name. */
const NOT_OPTIONS = new Set(['_', 'paths', '$0']);

/**
 * Checks that every option given has a value, that single-valued options come once, and every numeric
 * option given (or defaulted); stores the numbers under both spellings.
 */
export function checkOptionArgs(argv: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(argv)) {
    if (NOT_OPTIONS.has(key)) continue;
    const label = key.length === 1 ? `-${key}` : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    // yargs gives '' (or an empty list) for an option followed by no value, or by another option:
    // `--html --fail-on 40` must not scan without the HTML report that was asked for.
    if (value === '' || (Array.isArray(value) && (value.length === 0 || value.includes('')))) {
      const command = (argv['_'] as unknown[] | undefined)?.[0];
      throw new UsageError(`${label} needs a value`, { hint: command === undefined ? 'see semlog --help' : `see semlog ${String(command)} --help` });
    }
    if (!REPEATABLE.has(key)) checkGivenOnce(label, value);
  }
  for (const [flag, rule] of Object.entries(NUMBER_FLAGS) as Array<[NumberFlag, NumberRule]>) {
    if (argv[flag] === undefined) continue;
    const value = checkNumber(`--${flag}`, decimal(argv[flag]), rule, argv[flag]);
    argv[flag] = value;
    argv[flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = value;
  }
}

/** yargs leaves some decimal numbers as text (`+0.3`, integers past 2^53): read those as numbers. */
function decimal(value: unknown): unknown {
  return typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value) ? Number(value) : value;
}
