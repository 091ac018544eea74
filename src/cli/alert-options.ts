// `scan --alert-webhook URL --alert-sns TOPIC_ARN`: tell someone when findings reach --fail-on. Sent
// after the local reports are written, so a failed delivery never costs the report.

import type { Argv } from 'yargs';
import { buildAlert, findingsOver } from '../alert/alert-payload.js';
import { checkAlertTargets, deliverAlerts, type AlertTargets } from '../alert/deliver-alerts.js';
import { UsageError } from '../errors.js';
import type { Analysis } from '../types.js';

export interface AlertArgs {
  alertWebhook: string | undefined;
  alertSns: string | undefined;
}

export function alertOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('alert-webhook', {
      type: 'string',
      describe: 'POST a JSON summary (Slack/Teams text + findings) to URL when findings reach --fail-on; env:NAME reads the URL from that environment variable',
    })
    .option('alert-sns', { type: 'string', describe: 'Publish the same summary to this SNS topic ARN when findings reach --fail-on' });
}

/** The targets, checked before the scan; undefined when no alert was asked for. */
export function alertTargets(args: AlertArgs & { failOn: number | undefined }): AlertTargets | undefined {
  if (args.alertWebhook === undefined && args.alertSns === undefined) return undefined;
  if (args.failOn === undefined) {
    throw new UsageError('--alert-webhook and --alert-sns need --fail-on', {
      hint: 'an alert is sent when a finding scores at least --fail-on SCORE; pick it from a scan of a normal day',
    });
  }
  const targets = {
    ...(args.alertWebhook !== undefined && { webhookUrl: webhookUrl(args.alertWebhook) }),
    ...(args.alertSns !== undefined && { snsTopicArn: args.alertSns }),
  };
  checkAlertTargets(targets);
  return targets;
}

/**
 * The URL, or with `env:NAME` the value of that environment variable: a webhook URL is a secret
 * (whoever has it can post to the channel), and a command line is visible to every local user.
 */
function webhookUrl(value: string): string {
  if (!value.startsWith(ENV_PREFIX)) return value;
  const name = value.slice(ENV_PREFIX.length);
  const url = process.env[name];
  if (!url) {
    throw new UsageError(`--alert-webhook ${value}: the environment variable ${name} is not set`, {
      hint: `export ${name}=https://… before the scan (systemd: EnvironmentFile=, cron: source a file readable only by the job's user)`,
    });
  }
  return url;
}

const ENV_PREFIX = 'env:';

export interface SendContext {
  failOn: number;
  sources: readonly string[];
  reports: readonly string[];
  quiet: boolean;
  signal: AbortSignal;
}

/** Sends when findings reach --fail-on; prints one line per target; false when any delivery failed. */
export async function sendAlerts(targets: AlertTargets, analysis: Analysis, context: SendContext): Promise<boolean> {
  const over = findingsOver(analysis, context.failOn);
  if (over.ips.length + over.lines.length === 0) return true;
  const payload = buildAlert(analysis, { failOn: context.failOn, sources: context.sources, reports: context.reports });
  const deliveries = await deliverAlerts(payload, targets, { signal: context.signal });
  for (const { target, error } of deliveries) {
    if (error !== undefined) process.stderr.write(`semlog: warning: alert not delivered: ${error.message}\n`);
    else if (!context.quiet) process.stderr.write(`semlog: alert sent to ${target}\n`);
  }
  return deliveries.every((d) => d.error === undefined);
}
