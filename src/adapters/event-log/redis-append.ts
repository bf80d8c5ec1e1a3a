import type { Appended } from '../../streams/event-log.ts';
import { replyEventSchema } from '../../streams/reply-events.ts';

/**
 * How the Redis event log appends, in one round trip for any number of replies: a Lua script that, for
 * each section (one reply's events), XADDs the events and PUBLISHes them on the reply's channel with
 * their ids and the id they follow. It reads that id inside the same script, so it is always the entry
 * before, whoever else writes: a watcher whose cursor is there takes the entries without reading.
 *
 * ARGV[1] is the orphan TTL; then, per key, its flags ('c' create the stream if missing, 'g' set the TTL),
 * its number of events and the events. Returns, per key, the last id appended, or false (nil) when the
 * stream did not exist and was not to be created: nothing was appended to it then.
 *
 * The published message is lines: the id followed ('' at the start of a stream), then each entry's id
 * and JSON. JSON.stringify escapes every line break, and ids have none, so a line is never split.
 */
export const appendScript = `
local ttl = ARGV[1]
local a = 2
local results = {}
for i, key in ipairs(KEYS) do
  local flags = ARGV[a]
  local n = tonumber(ARGV[a + 1])
  a = a + 2
  local last = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)[1]
  if last == nil and not string.find(flags, 'c', 1, true) then
    results[i] = false
  else
    local message = { last and last[1] or '' }
    local id = false
    for j = a, a + n - 1 do
      id = redis.call('XADD', key, '*', 'e', ARGV[j])
      message[#message + 1] = id
      message[#message + 1] = ARGV[j]
    end
    if string.find(flags, 'g', 1, true) then redis.call('PEXPIRE', key, ttl) end
    redis.call('PUBLISH', key, table.concat(message, '\\n'))
    results[i] = id
  end
  a = a + n
end
return results
`;

/** One reply's part of an append round trip. */
export interface AppendSection {
  key: string;
  events: string[];
  /** Create the stream when it does not exist (otherwise append nothing to it). */
  create: boolean;
  /** Set the orphan TTL. */
  guard: boolean;
}

/** The script's arguments for these sections: KEYS then ARGV, as `evalsha` takes them after the key count. */
export function appendArguments(sections: AppendSection[], orphanTtlMs: number): string[] {
  const args: string[] = sections.map((s) => s.key);
  args.push(String(orphanTtlMs));
  for (const s of sections) args.push(`${s.create ? 'c' : ''}${s.guard ? 'g' : ''}`, String(s.events.length), ...s.events);
  return args;
}

/**
 * The entries a published message carries, in order, each with the id it follows; undefined for a
 * message that carries none (a hint, such as the hub's after a reconnection): the watcher reads then.
 */
export function publishedEntries(message: string): Appended[] | undefined {
  if (message === '') return undefined;
  const lines = message.split('\n');
  if (lines.length < 3 || lines.length % 2 === 0) return undefined;
  const appended: Appended[] = [];
  let after: string | null = lines[0] === '' ? null : lines[0]!;
  for (let i = 1; i < lines.length; i += 2) {
    const offset = lines[i]!;
    appended.push({ after, entry: { offset, event: replyEventSchema.parse(JSON.parse(lines[i + 1]!)) } });
    after = offset;
  }
  return appended;
}
