// Sends one alert to every target the user named, in parallel; a target that fails does not stop the
// others, and failures come back as data for the caller to report (the CLI: a warning and exit 5).
import { AlertError, InterruptedError, UsageError } from '../errors.js';
import type { AlertPayload } from './alert-payload.js';
import { postWebhook, type WebhookOptions } from './post-webhook.js';
import { checkTopicArn, publishSns } from './publish-sns.js';
import { scrubUrls } from './scrub-urls.js';

export interface AlertTargets {
  webhookUrl?: string;
  snsTopicArn?: string;
}

export interface Delivery {
  /** `webhook https://host` or `sns TOPIC_ARN`: never the webhook's secret path. */
  target: string;
  error?: AlertError;
}

/** Throws a UsageError for a target that can never work: check before an hour of scanning, not after. */
export function checkAlertTargets(targets: AlertTargets): void {
  if (targets.webhookUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(targets.webhookUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new UsageError('--alert-webhook needs an http(s) URL', { hint: 'e.g. the incoming-webhook URL of a Slack or Teams channel' });
    }
    // fetch refuses such a URL, and it would be refused only after the whole scan; the message
    // names the origin alone, since the user, the password and the path are all secrets.
    if (url.username !== '' || url.password !== '') {
      throw new UsageError(`--alert-webhook ${url.origin}: the URL carries a user name or password, which semlog does not send`, {
        hint: 'give the URL without user:password@ (a Slack or Teams webhook carries its secret in the path); a receiver that needs a login can take a token in its path or query',
      });
    }
  }
  if (targets.snsTopicArn !== undefined) checkTopicArn(targets.snsTopicArn);
}

export async function deliverAlerts(payload: AlertPayload, targets: AlertTargets, options: WebhookOptions = {}): Promise<Delivery[]> {
  checkAlertTargets(targets);
  const sends: Array<Promise<Delivery>> = [];
  if (targets.webhookUrl !== undefined) {
    const url = targets.webhookUrl;
    sends.push(attempt(`webhook ${new URL(url).origin}`, () => postWebhook(url, payload, options)));
  }
  if (targets.snsTopicArn !== undefined) {
    const arn = targets.snsTopicArn;
    sends.push(attempt(`sns ${arn}`, () => publishSns(arn, payload, options.signal ? { signal: options.signal } : {})));
  }
  return Promise.all(sends);
}

async function attempt(target: string, send: () => Promise<unknown>): Promise<Delivery> {
  try {
    await send();
    return { target };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    return { target, error: error instanceof AlertError ? error : new AlertError('SEMLOG_ALERT_FAILED', `${target}: ${scrubUrls((error as Error).message)}`, { cause: error }) };
  }
}
