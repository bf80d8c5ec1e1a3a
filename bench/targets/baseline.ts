import { BenchChild } from '../child-process.ts';
import { freePort } from '../ports.ts';
import { resumeByLastEventId } from '../protocols/bench-protocol.ts';
import { readJsonEvent } from '../protocols/json.ts';
import { postJson, type Target, type TargetOptions } from './target.ts';

/** The bare `node:http` relay (baseline-relay.ts) as a target. */
export async function startBaseline(options: TargetOptions): Promise<Target> {
  const port = await freePort();
  const relay = new BenchChild(
    'baseline',
    ['bench/baseline-relay.ts'],
    { PORT: String(port), PROVIDER_URL: options.providerBaseUrl, KEEPALIVE_MS: String(options.keepAliveMs) },
    options.core,
  );
  await relay.waitFor(/baseline relay listening/);
  const url = `http://127.0.0.1:${port}`;
  let models: string[] = [];
  return {
    name: 'baseline',
    mode: 'bare',
    processes: [relay],
    // Hotline's JSON stream without the event names: whatever protocol Hotline's subscribers speak, the same baseline.
    reading: { read: readJsonEvent, resume: resumeByLastEventId },
    async prepare(prepared) {
      models = prepared;
    },
    async startReply(index) {
      return String((await postJson(`${url}/replies`, { model: models[index] })).id);
    },
    endpoint: (replyId) => ({ port, path: `/replies/${replyId}/events`, headers: {} }),
    dbWrites: async () => 0,
    stop: () => relay.stop(),
  };
}
