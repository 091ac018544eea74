// Delivery against real local servers: a webhook that records the body, and an SNS endpoint that the
// real SDK publishes to (AWS_ENDPOINT_URL_SNS), answering as SNS does.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAlert, type AlertPayload } from '../../src/alert/alert-payload.js';
import { checkAlertTargets, deliverAlerts } from '../../src/alert/deliver-alerts.js';
import { postWebhook } from '../../src/alert/post-webhook.js';
import { AlertError, UsageError } from '../../src/errors.js';
import { closedPort, SNS_NOT_AUTHORIZED, SNS_PUBLISHED, startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { awsTestEnv } from '../helpers/s3-server.js';
import { sampleAnalysis } from './analysis.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:semlog-alerts';
const payload = (): AlertPayload => buildAlert(sampleAnalysis(), { failOn: 5, sources: ['s3://logs/cf/'] });

let servers: RecordingServer[] = [];
const saved = { ...process.env };
beforeEach(() => {
  servers = [];
  Object.assign(process.env, awsTestEnv());
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

async function server(...args: Parameters<typeof startRecordingServer>): Promise<RecordingServer> {
  const started = await startRecordingServer(...args);
  servers.push(started);
  return started;
}

describe('webhook', () => {
  it('POSTs the payload as JSON', async () => {
    const hook = await server();
    const sent = payload();
    expect(await deliverAlerts(sent, { webhookUrl: `${hook.url}/services/T0/B0/secret` })).toEqual([{ target: `webhook ${hook.url}` }]);
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]).toMatchObject({ method: 'POST', url: '/services/T0/B0/secret', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(hook.requests[0]!.body)).toEqual(sent);
  });

  it('retries once after a 500, and reports the refusal without the secret path', async () => {
    const hook = await server(() => ({ status: 500, body: 'no_service\u001b[31m' }));
    const [delivery] = await deliverAlerts(payload(), { webhookUrl: `${hook.url}/services/secret-token` }, { retryDelayMs: 10 });
    expect(hook.requests).toHaveLength(2);
    expect(delivery?.error).toBeInstanceOf(AlertError);
    expect(delivery?.error?.exitCode).toBe(5);
    expect(delivery?.error?.message).toBe(`webhook ${hook.url} answered HTTP 500: no_service [31m`);
    expect(delivery?.error?.message).not.toContain('secret-token');
  });

  it('does not retry a 404 (a wrong URL), and succeeds when the retry does', async () => {
    const gone = await server(() => ({ status: 404, body: 'no_team' }));
    await expect(postWebhook(gone.url, {}, { retryDelayMs: 10 })).rejects.toMatchObject({ code: 'SEMLOG_ALERT_HTTP' });
    expect(gone.requests).toHaveLength(1);
    const flaky = await server((_, i) => ({ status: i === 0 ? 503 : 200 }));
    await postWebhook(flaky.url, { text: 'x' }, { retryDelayMs: 10 });
    expect(flaky.requests).toHaveLength(2);
  });

  it('quotes what fetch said without the URL it quotes', async () => {
    // Only a library caller that skips checkAlertTargets gets this far: fetch's message names the whole URL.
    const hook = await server();
    const failure = await postWebhook(`http://user:pw@${hook.url.slice('http://'.length)}/services/secret-token`, {}, { retryDelayMs: 10 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'SEMLOG_ALERT_UNREACHABLE' });
    expect((failure as Error).message).toBe(`webhook ${hook.url} could not be reached (Request cannot be constructed from a URL that includes credentials: ${hook.url})`);
    expect(hook.requests).toHaveLength(0);
  });

  it('reports a closed port as unreachable', async () => {
    const port = await closedPort();
    await expect(postWebhook(`http://127.0.0.1:${port}/hook`, {}, { retryDelayMs: 10 })).rejects.toMatchObject({
      code: 'SEMLOG_ALERT_UNREACHABLE', message: `webhook http://127.0.0.1:${port} could not be reached (ECONNREFUSED)`,
    });
  });
});

describe('SNS', () => {
  it('publishes Subject and the JSON payload to the topic, through the real SDK', async () => {
    const sns = await server(() => ({ status: 200, body: SNS_PUBLISHED, contentType: 'text/xml' }));
    process.env['AWS_ENDPOINT_URL_SNS'] = sns.url;
    const sent = payload();
    expect(await deliverAlerts(sent, { snsTopicArn: TOPIC })).toEqual([{ target: `sns ${TOPIC}` }]);
    const form = new URLSearchParams(sns.requests[0]!.body);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('TopicArn')).toBe(TOPIC);
    expect(form.get('Subject')).toBe('semlog: 4 findings at or above 5');
    expect(JSON.parse(form.get('Message')!)).toEqual(sent);
    // Signed for the topic's region, whatever AWS_REGION says.
    expect(String(sns.requests[0]!.headers['authorization'])).toContain('/eu-west-1/sns/aws4_request');
  });

  it('says which permission is missing, and sends to the webhook all the same', async () => {
    const sns = await server(() => ({ status: 403, body: SNS_NOT_AUTHORIZED, contentType: 'text/xml' }));
    const hook = await server();
    process.env['AWS_ENDPOINT_URL_SNS'] = sns.url;
    const deliveries = await deliverAlerts(payload(), { webhookUrl: hook.url, snsTopicArn: TOPIC });
    expect(deliveries[0]).toEqual({ target: `webhook ${hook.url}` });
    expect(deliveries[1]?.error?.message).toBe(`sns:Publish on ${TOPIC} is not allowed`);
    expect(hook.requests).toHaveLength(1);
  });
});

describe('checkAlertTargets', () => {
  it('rejects what can never be delivered before any scan', () => {
    expect(() => checkAlertTargets({ webhookUrl: 'hooks.slack.com/services/x' })).toThrow(UsageError);
    expect(() => checkAlertTargets({ webhookUrl: 'file:///etc/passwd' })).toThrow(UsageError);
    expect(() => checkAlertTargets({ snsTopicArn: 'semlog-alerts' })).toThrow(/is not an SNS topic ARN/);
    expect(() => checkAlertTargets({ webhookUrl: 'https://hooks.slack.com/services/x', snsTopicArn: TOPIC })).not.toThrow();
  });

  it('rejects a URL with a user name or password, naming only its origin', async () => {
    for (const webhookUrl of ['http://user:pw@127.0.0.1:9/w/SECRET', 'https://token@hooks.example/w/SECRET?k=SECRET']) {
      const error = (() => {
        try {
          checkAlertTargets({ webhookUrl });
        } catch (thrown) {
          return thrown as UsageError;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      expect(error?.exitCode).toBe(2);
      expect(error?.message).toMatch(/^--alert-webhook https?:\/\/[^/]+: the URL carries a user name or password/);
      expect(`${error?.message} ${error?.hint}`).not.toMatch(/user:pw|token@|\/w\/|SECRET/);
    }
    // deliverAlerts checks too: a library caller that skipped the check gets the same error, before any request.
    const hook = await server();
    await expect(deliverAlerts(payload(), { webhookUrl: `http://user:pw@${hook.url.slice('http://'.length)}/w` })).rejects.toThrow(UsageError);
    expect(hook.requests).toHaveLength(0);
  });
});
