// The frozen registry of log formats: name → LogFormat. Auto-detection tries them in this order,
// so on a tie the earlier (more specific) entry wins: combined before common.
import { UsageError } from '../errors.js';
import type { LogFormat } from './log-format.js';
import { albFormat } from './formats/alb.js';
import { combinedFormat, commonFormat, vhostCombinedFormat } from './formats/clf-formats.js';
import { cloudfrontFormat } from './formats/cloudfront.js';
import { customApacheFormat } from './formats/custom-apache.js';
import { wafFormat } from './formats/waf.js';

export const FORMATS: Readonly<Record<string, LogFormat>> = Object.freeze({
  combined: combinedFormat,
  common: commonFormat,
  'vhost-combined': vhostCombinedFormat,
  cloudfront: cloudfrontFormat,
  alb: albFormat,
  waf: wafFormat,
  'custom-apache': customApacheFormat,
});

/** Other names users reach for; they resolve to the format on the right. */
export const ALIASES: Readonly<Record<string, string>> = Object.freeze({
  nginx: 'combined',
  apache: 'combined',
  tomcat: 'common',
  clf: 'common',
});

/** The valid `--format` values besides `auto`, registry order. */
export function formatNames(): string[] {
  return Object.keys(FORMATS);
}

/** The format for a `--format` value (a name or an alias); UsageError listing the valid names otherwise. */
export function getFormat(name: string): LogFormat {
  const canonical = Object.hasOwn(ALIASES, name) ? (ALIASES[name] as string) : name;
  if (!Object.hasOwn(FORMATS, canonical)) {
    throw new UsageError(`unknown log format "${name}"`, {
      hint: `valid formats: auto, ${formatNames().join(', ')} (aliases: ${Object.keys(ALIASES).join(', ')})`,
    });
  }
  return FORMATS[canonical] as LogFormat;
}
