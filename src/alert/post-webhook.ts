// POSTs an alert as JSON to a webhook (Slack, Teams, or anything that takes JSON), with a timeout and
// one retry for the failures that pass (429, 5xx, network). The URL is a secret (its path is the
// token), so messages name only its origin.
import { AlertError, InterruptedError } from '../errors.js';
import { scrubUrls } from './scrub-urls.js';

export interface WebhookOptions {
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Before the second attempt; default 1 s. */
  retryDelayMs?: number;
  signal?: AbortSignal;
}

export const WEBHOOK_DEFAULTS = Object.freeze({ timeoutMs: 10_000, retryDelayMs: 1_000, attempts: 2 });

export async function postWebhook(url: string, payload: unknown, options: WebhookOptions = {}): Promise<void> {
  const where = `webhook ${new URL(url).origin}`;
  const body = JSON.stringify(payload);
  let failure: AlertError | undefined;
  for (let attempt = 1; attempt <= WEBHOOK_DEFAULTS.attempts; attempt++) {
    if (attempt > 1) await delay(options.retryDelayMs ?? WEBHOOK_DEFAULTS.retryDelayMs, options.signal);
    const result = await postOnce(url, body, where, options);
    if (result === 'ok') return;
    failure = result.error;
    if (!result.retry) break;
  }
  throw failure!;
}

async function postOnce(url: string, body: string, where: string, options: WebhookOptions) {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    // A redirect would turn the POST into a GET elsewhere: report it instead of following it.
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal, redirect: 'manual' });
  } catch (cause) {
    if (options.signal?.aborted) throw new InterruptedError({ cause });
    const reason = timeout.aborted ? `no answer within ${options.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs} ms` : scrubUrls(networkCode(cause));
    return { retry: true, error: new AlertError('SEMLOG_ALERT_UNREACHABLE', `${where} could not be reached (${reason})`, { cause }) };
  }
  if (response.ok) {
    await response.body?.cancel();
    return 'ok' as const;
  }
  // Slack and Teams explain a refusal in a short text body (`invalid_token`, `no_service`).
  const said = (await response.text().catch(() => '')).replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, 100);
  const message = `${where} answered HTTP ${response.status}${said ? `: ${said}` : ''}`;
  return { retry: response.status === 429 || response.status >= 500, error: new AlertError('SEMLOG_ALERT_HTTP', message) };
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new InterruptedError({ cause: signal.reason }));
    }, { once: true });
  });
}
