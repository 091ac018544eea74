// Publishes an alert to an SNS topic: Subject for e-mail subscribers, Message = the JSON payload.
// Credentials come from the standard AWS chain; the region from the topic's ARN; the endpoint from
// AWS_ENDPOINT_URL_SNS when set (the SDK reads it).
import { createHash } from 'node:crypto';
import { AlertError, InterruptedError, UsageError } from '../errors.js';
import type { AlertPayload } from './alert-payload.js';

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
/** SNS limits: 256 KiB per message, 100 printable ASCII characters per subject. */
export const SNS_MAX_MESSAGE_BYTES = 256 * 1024;
const SUBJECT_CHARS = 100;
const TIMEOUT_MS = 30_000;

export function checkTopicArn(arn: string): { region: string; fifo: boolean } {
  const match = TOPIC_ARN.exec(arn);
  if (!match) throw new UsageError(`--alert-sns ${arn} is not an SNS topic ARN`, { hint: 'e.g. arn:aws:sns:us-east-1:123456789012:semlog-alerts' });
  return { region: match[1]!, fifo: match[2] !== undefined };
}

/** Returns the MessageId. */
export async function publishSns(topicArn: string, payload: AlertPayload, options: { signal?: AbortSignal } = {}): Promise<string> {
  const { region, fifo } = checkTopicArn(topicArn);
  const { SNSClient, PublishCommand } = await import('@aws-sdk/client-sns');
  const client = new SNSClient({ region, requestHandler: { connectionTimeout: 10_000, socketTimeout: TIMEOUT_MS } });
  const message = fitMessage(payload);
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const output = await client.send(new PublishCommand({
      TopicArn: topicArn,
      Subject: snsSubject(payload),
      Message: message,
      // A FIFO topic needs a group, and a deduplication id unless the topic derives one itself.
      ...(fifo && { MessageGroupId: 'semlog', MessageDeduplicationId: createHash('sha256').update(message).digest('hex') }),
    }), { abortSignal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout });
    return output.MessageId ?? '';
  } catch (error) {
    if (options.signal?.aborted) throw new InterruptedError({ cause: error });
    throw snsError(error, topicArn);
  } finally {
    client.destroy();
  }
}

/** The first line of the text, printable ASCII only: SNS rejects anything else in a subject. */
export function snsSubject(payload: AlertPayload): string {
  const reached = payload.semlog.reached.ips + payload.semlog.reached.lines;
  const held = (payload.semlog.suppressed ?? []).reduce((sum, s) => sum + s.findings, 0);
  // A watch alert may only summarise what its cooldowns held back.
  const first = reached === 0 && held > 0
    ? `semlog watch: ${held} findings at or above ${payload.semlog.failOn} held back by the cooldown`
    : `semlog: ${reached} findings at or above ${payload.semlog.failOn}`;
  return first.replace(/[^\x20-\x7e]/g, '').slice(0, SUBJECT_CHARS);
}

/** The payload as JSON, with the last findings dropped until it fits SNS's limit. */
export function fitMessage(payload: AlertPayload): string {
  const top = [...payload.semlog.topFindings];
  for (;;) {
    const message = JSON.stringify({ ...payload, semlog: { ...payload.semlog, topFindings: top } });
    if (Buffer.byteLength(message) <= SNS_MAX_MESSAGE_BYTES || top.length === 0) return message;
    top.pop();
  }
}

function snsError(error: unknown, topicArn: string): AlertError {
  const e = error as { name?: string; code?: string; message?: string };
  const name = e.name ?? 'Error';
  const options = (hint: string) => ({ hint, cause: error });
  if (name === 'CredentialsProviderError') {
    return new AlertError('SEMLOG_ALERT_SNS', `no AWS credentials to publish to ${topicArn}`, options('set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use an instance role'));
  }
  if (/^(AuthorizationError|AccessDenied)(Exception)?$/.test(name)) {
    return new AlertError('SEMLOG_ALERT_SNS', `sns:Publish on ${topicArn} is not allowed`, options('allow sns:Publish on the topic (README "Nightly job")'));
  }
  if (name === 'NotFound' || name === 'NotFoundException') {
    return new AlertError('SEMLOG_ALERT_SNS', `SNS topic ${topicArn} does not exist`, options('check the ARN: region, account and name'));
  }
  const code = e.code ?? name;
  return new AlertError('SEMLOG_ALERT_SNS', `SNS did not take the alert for ${topicArn} (${code}${e.message ? `: ${e.message.slice(0, 100)}` : ''})`, { cause: error });
}
