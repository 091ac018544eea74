// The texts a map job embeds, claimed in the Redis that carries the queue (embed/text-claims.ts): one
// key per text and scan, set to the job's index by the first job that misses the text in the cache. A
// retry of the same job (its worker died) finds its own claims and embeds those texts itself.

import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TextClaims } from '../../embed/text-claims.js';

/**
 * The coordinator deletes a scan's claims once its map jobs are done (forgetClaims); this expiry is for
 * the claims of a scan that failed or was interrupted. A scan that runs longer only loses the saving
 * (two jobs may then embed the same text), never a vector.
 */
export const CLAIM_TTL_SECONDS = 24 * 60 * 60;

/** The keys of a scan's claims: one hash tag, so that a Redis Cluster keeps them in one slot, as a script needs. */
function claimPrefix(scanId: string): string {
  return `semlog:{${scanId}}:claim:`;
}

/** Deletes a scan's claims (~100 bytes of Redis memory per distinct text) once no job of it runs. */
export async function forgetClaims(redis: Pick<Redis, 'scanStream' | 'unlink'>, scanId: string): Promise<void> {
  const stream = redis.scanStream({ match: `${claimPrefix(scanId)}*`, count: 1000 });
  for await (const keys of stream as AsyncIterable<string[]>) if (keys.length > 0) await redis.unlink(...keys);
}

/**
 * For each key: claim it for ARGV[1] when nobody holds it, and answer 1 when ARGV[1] holds it now, 0
 * when another job does. One script, so that no two jobs both see a key free.
 */
const CLAIM_SCRIPT = `
local mine = {}
for i, key in ipairs(KEYS) do
  local owner = redis.call('GET', key)
  if owner == false then
    redis.call('SET', key, ARGV[1], 'EX', ARGV[2])
    mine[i] = 1
  elseif owner == ARGV[1] then
    mine[i] = 1
  else
    mine[i] = 0
  end
end
return mine
`;

export class RedisTextClaims implements TextClaims {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #owner: string;
  readonly #onError: (error: Error) => void;
  #failed = false;

  /**
   * `owner` names the job (the same on each of its attempts). When Redis refuses the script (scripting
   * disabled, an ACL), every text is this job's: the scan then runs as without claims, and `onError`
   * hears of it once.
   */
  constructor(redis: Redis, scanId: string, owner: string, onError: (error: Error) => void) {
    this.#redis = redis;
    this.#prefix = claimPrefix(scanId);
    this.#owner = owner;
    this.#onError = onError;
  }

  async claim(texts: readonly string[]): Promise<boolean[]> {
    if (texts.length === 0 || this.#failed) return texts.map(() => true);
    const keys = texts.map((text) => this.#prefix + createHash('sha256').update(text).digest('base64url').slice(0, 22));
    try {
      const mine = (await this.#redis.eval(CLAIM_SCRIPT, keys.length, ...keys, this.#owner, CLAIM_TTL_SECONDS)) as number[];
      return mine.map((m) => m === 1);
    } catch (error) {
      this.#failed = true;
      this.#onError(error as Error);
      return texts.map(() => true);
    }
  }
}
