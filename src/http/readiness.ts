export type Check = () => Promise<unknown>;
export type Readiness = { ready: boolean; checks: Record<string, 'ok' | 'unreachable'> };

/**
 * Whether this process can serve: each dependency answers a trivial request within `timeoutMs`, or
 * counts as unreachable (a server that is down can make a client wait for seconds, and a load balancer's
 * health check wants its answer at once). A result is reused for `freshForMs`, and probes that arrive
 * while a check runs share it, so probes never pile checks onto a struggling dependency.
 */
export class ReadinessProbe {
  private last: { at: number; result: Readiness } | undefined;
  private running: Promise<Readiness> | undefined;

  constructor(
    private readonly checks: Record<string, Check>,
    private readonly timeoutMs = 250,
    private readonly freshForMs = 1_000,
  ) {}

  check(): Promise<Readiness> {
    if (this.last && Date.now() - this.last.at < this.freshForMs) return Promise.resolve(this.last.result);
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<Readiness> {
    const names = Object.keys(this.checks);
    const outcomes = await Promise.all(names.map((name) => this.within(this.checks[name]!)));
    const checks = Object.fromEntries(names.map((name, i) => [name, outcomes[i] ? 'ok' : 'unreachable'] as const));
    const result = { ready: outcomes.every(Boolean), checks };
    this.last = { at: Date.now(), result };
    return result;
  }

  private within(check: Check): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), this.timeoutMs);
      check().then(
        () => (clearTimeout(timer), resolve(true)),
        () => (clearTimeout(timer), resolve(false)),
      );
    });
  }
}
