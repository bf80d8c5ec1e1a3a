import type { Redis } from 'ioredis';
import { RoundTripBatches } from '../../round-trip-batches.ts';
import { appendArguments, appendScript, type AppendSection } from './redis-append.ts';

type AppendCommand = (numberOfKeys: number, ...args: string[]) => Promise<Array<string | null>>;

/**
 * The appends of every reply in the process, one script call per round trip (`RoundTripBatches`): Redis
 * and the process pay per round trip rather than per token.
 */
export class RedisAppendBatches {
  private readonly batches: RoundTripBatches<AppendSection, string | null>;

  constructor(redis: Redis, orphanTtlMs: number) {
    redis.defineCommand('hotlineAppend', { lua: appendScript });
    const command = (redis as unknown as { hotlineAppend: AppendCommand }).hotlineAppend.bind(redis);
    this.batches = new RoundTripBatches(async (sections) => {
      const ids = await command(sections.length, ...appendArguments(sections, orphanTtlMs));
      return sections.map((_, i) => ids[i] ?? null);
    });
  }

  /** Resolves with the last id appended, or null when the stream did not exist and was not to be created. */
  append(section: AppendSection): Promise<string | null> {
    return this.batches.add(section);
  }
}
