import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { createHandler } from '../src/testing/fake-provider/handler.ts';

/**
 * The fake provider server, with a gate in front of each reply: a request for a reply is held until the
 * bench opens its gate, once every subscriber is connected. So "the provider's first token" is sent to a
 * relay that is ready for it, and the bench can spread the replies' starts evenly over one token interval.
 * Every token's send time is recorded (the fake provider's `onToken` hook) for latency matching.
 */
export class GatedProvider {
  aborts = 0;
  private readonly sentAt = new Map<string, Float64Array>();
  private readonly gates = new Map<string, { open: () => void; opened: Promise<void>; arrived: boolean }>();
  private arrivals = 0;
  private readonly arrivalWaiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<GatedProvider> {
    let provider!: GatedProvider;
    const handle = createHandler({
      record: () => {},
      abort: () => void provider.aborts++,
      token: (model, index, at) => {
        const times = provider.sentAt.get(model);
        if (times) times[index] = at;
      },
    });
    const server = createServer((req, res) => {
      provider
        .serve(req)
        .then(
          (replay) => handle(replay, res),
          () => res.destroy(),
        )
        .catch(() => res.destroy());
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
    const { port } = server.address() as AddressInfo;
    provider = new GatedProvider(server, `http://127.0.0.1:${port}`);
    return provider;
  }

  get openaiBaseUrl(): string {
    return `${this.url}/v1`;
  }

  /** Announces a reply by its model string; returns the array its token send times will fill (epoch ms). */
  expect(model: string, tokens: number): Float64Array {
    const times = new Float64Array(tokens).fill(Number.NaN);
    this.sentAt.set(model, times);
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gates.set(model, { open, opened, arrived: false });
    return times;
  }

  open(model: string): void {
    this.gates.get(model)?.open();
  }

  forget(models: string[]): void {
    for (const model of models) {
      this.gates.get(model)?.open();
      this.gates.delete(model);
      this.sentAt.delete(model);
    }
  }

  /** Resolves once `count` announced replies have been requested (their requests wait at the gates). */
  whenArrived(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.arrivals < count) return;
        this.arrivalWaiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.arrivalWaiters.delete(check);
        reject(new Error(`the provider received ${this.arrivals} of ${count} requests within ${timeoutMs} ms`));
      }, timeoutMs);
      this.arrivalWaiters.add(check);
      check();
    });
  }

  resetArrivals(): void {
    this.arrivals = 0;
  }

  close(): Promise<void> {
    for (const gate of this.gates.values()) gate.open();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Reads the request, waits at its reply's gate, then hands the fake provider the same request again. */
  private async serve(req: IncomingMessage): Promise<IncomingMessage> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const gate = this.gates.get(modelOf(body));
    if (gate && !gate.arrived) {
      gate.arrived = true;
      this.arrivals++;
      for (const check of [...this.arrivalWaiters]) check();
      await gate.opened;
    }
    return Object.assign(Readable.from([body]), { url: req.url, method: req.method, headers: req.headers }) as unknown as IncomingMessage;
  }
}

function modelOf(body: Buffer): string {
  try {
    const model = (JSON.parse(body.toString('utf8')) as { model?: unknown }).model;
    return typeof model === 'string' ? model : '';
  } catch {
    return '';
  }
}
