import { request, type ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { epochNow } from '../src/testing/fake-provider/types.ts';
import type { ExpectedReply } from './expected-reply.ts';
import type { LatencySink } from './latency-sink.ts';
import type { Endpoint } from './endpoint.ts';
import type { StreamReading } from './protocols/bench-protocol.ts';

export interface SubscriberPlan {
  endpoint: Endpoint;
  /** The protocol of the stream: what its events carry, and how to come back to it. */
  reading: StreamReading;
  expected: ExpectedReply;
  /** The provider's send time of each token (epoch ms), filled in as the reply streams. */
  sentAt: Float64Array;
  /** Text positions after which the connection is dropped and resumed, ascending. */
  dropAfter: number[];
  latencies: LatencySink;
}

const maxUnexpectedReconnects = 20;

/**
 * One subscriber of one reply over one of Hotline's protocols (or the baseline's stream), on its own TCP connection.
 * It checks every delta against the expected text as it arrives (so loss, duplication and reordering are
 * counted, not guessed from the end), matches each token to the provider's send time for its latency, and
 * counts the bytes that came down the wire, headers and chunk framing included. It resumes with the last
 * id it saw: at its planned drop points, and when the server closes early.
 */
export class Subscriber {
  position = 0;
  duplicated = 0;
  outOfOrder = 0;
  corrupt = 0;
  bytes = 0;
  connections = 0;
  unexpectedReconnects = 0;
  heartbeats = 0;
  ending: 'done' | 'error' | undefined;
  firstTokenLatency = Number.NaN;
  failure: string | undefined;
  readonly finished: Promise<void>;

  private nextToken = 0;
  private resumeAt: string | undefined;
  private buffer = '';
  private current: ClientRequest | undefined;
  private finish!: () => void;
  private stopped = false;
  private dropping = false;
  /** False while the last event's resume point is still to come (a planned drop waits for it). */
  private resumable = true;

  constructor(private readonly plan: SubscriberPlan) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  get tokensReceived(): number {
    return this.nextToken;
  }

  get exact(): boolean {
    const { text } = this.plan.expected;
    return this.ending === 'done' && this.position === text.length && this.duplicated + this.outOfOrder + this.corrupt === 0;
  }

  /** Resolves once the server has answered 200 (the cursor is open); rejects on any other answer. */
  connect(): Promise<void> {
    this.connections++;
    this.buffer = '';
    const { reading, endpoint: start } = this.plan;
    const endpoint = this.resumeAt !== undefined && reading.resume ? reading.resume(start, this.resumeAt) : start;
    const { port, path, headers, method = 'GET', body } = endpoint;
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method, agent: false, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' } },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`events answered ${res.statusCode}`));
            return;
          }
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => this.onData(chunk, req));
          resolve();
        },
      );
      req.on('socket', (socket: Socket) => socket.on('close', () => this.onClose(socket, req)));
      req.on('error', (error) => reject(error));
      req.end(body);
      this.current = req;
    });
  }

  /** Gives up (the run's deadline). */
  stop(): void {
    this.stopped = true;
    this.current?.destroy();
    this.finish();
  }

  private onData(chunk: string, req: ClientRequest): void {
    if (req !== this.current) return;
    const now = epochNow();
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n'); end !== -1; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.onBlock(block, now);
    }
    const drops = this.plan.dropAfter;
    if (this.ending === undefined && this.resumable && drops.length > 0 && this.position >= drops[0]!) {
      while (drops.length > 0 && this.position >= drops[0]!) drops.shift();
      this.dropping = true;
      req.destroy();
    }
  }

  private onBlock(block: string, now: number): void {
    let id: string | undefined;
    let event = 'message';
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('data: ')) data = line.slice(6);
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith(':')) this.heartbeats++;
    }
    if (data === undefined) return;
    const reading = this.plan.reading.read({ event, data, id });
    if (reading.text !== undefined) this.onDelta(reading.text, now);
    if (reading.resumeAt !== undefined) this.resumeAt = reading.resumeAt;
    if (reading.resumeAt !== undefined || reading.text !== undefined) this.resumable = reading.awaitsResumeAt !== true;
    if (reading.ending !== undefined) this.ending = reading.ending;
  }

  private onDelta(text: string, now: number): void {
    const { expected, sentAt, latencies } = this.plan;
    if (!expected.text.startsWith(text, this.position)) {
      const at = expected.text.indexOf(text);
      if (at !== -1 && at + text.length <= this.position) this.duplicated++;
      else if (at > this.position) this.outOfOrder++;
      else this.corrupt++;
      return;
    }
    this.position += text.length;
    const { ends } = expected;
    while (this.nextToken < ends.length && ends[this.nextToken]! <= this.position) {
      const latency = now - sentAt[this.nextToken]!;
      if (this.nextToken === 0) this.firstTokenLatency = latency;
      latencies.push(latency);
      this.nextToken++;
    }
  }

  private onClose(socket: Socket, req: ClientRequest): void {
    this.bytes += socket.bytesRead;
    if (req !== this.current) return;
    if (this.stopped || this.ending !== undefined) return this.finish();
    if (!this.plan.reading.resume) {
      // Opening it again would start another reply.
      this.failure = 'the stream ended early, and its protocol has no resume';
      return this.finish();
    }
    const planned = this.dropping;
    this.dropping = false;
    if (!planned) this.unexpectedReconnects++;
    if (this.unexpectedReconnects > maxUnexpectedReconnects) {
      this.failure = 'too many reconnects';
      return this.finish();
    }
    this.reconnect(planned ? 0 : 100);
  }

  private reconnect(delayMs: number): void {
    setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((error: unknown) => {
        this.failure = String(error);
        if (this.stopped) return;
        this.unexpectedReconnects++;
        if (this.unexpectedReconnects > maxUnexpectedReconnects) this.finish();
        else this.reconnect(200);
      });
    }, delayMs);
  }
}
