import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import type { ProbeReply, ProbeStats } from './probe-protocol.ts';
import { pinnedCommand } from './machine.ts';

const probe = new URL('./probe.ts', import.meta.url).href;
export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

let compiledProbe: string | undefined;
/**
 * The probe as JavaScript, for a process that runs JavaScript (Hotline's build): with no TypeScript
 * loader in it, its memory and start-up are what `npm start` gives.
 */
function probeAsJavaScript(): string {
  if (compiledProbe) return compiledProbe;
  const file = join(tmpdir(), `hotline-bench-probe-${process.pid}.mjs`);
  buildSync({ entryPoints: [fileURLToPath(probe)], outfile: file, bundle: true, packages: 'external', format: 'esm', platform: 'node', logLevel: 'warning' });
  return (compiledProbe = pathToFileURL(file).href);
}

/** A probe command, or one of the child script's own (`{ command, ...fields }`). */
type Command = { command: string } & Record<string, unknown>;

/**
 * A process the bench started: pinned to a core, with the probe loaded and its IPC channel open. Its
 * output is kept (the tail only) so that a failure can say why, and read so that it never blocks on a
 * full pipe.
 */
const running = new Set<BenchChild>();

/** Ends every process the bench started (on Ctrl-C, or when the bench itself fails). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop(2_000)));
}

export class BenchChild {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  private output = '';
  private readonly listeners = new Set<() => void>();
  private readonly pending = new Map<number, (reply: ProbeReply) => void>();
  private nextId = 0;

  constructor(
    readonly name: string,
    script: string[],
    env: Record<string, string>,
    core: number | undefined,
    /** Where the script runs (a checkout of Hotline); the bench's own directory's parent by default. */
    cwd = repositoryRoot,
  ) {
    // A script in JavaScript runs without the TypeScript loader.
    const loaders = script[0]!.endsWith('.js') ? ['--import', probeAsJavaScript()] : ['--import', 'tsx', '--import', probe];
    const [command, args] = pinnedCommand(core, [process.execPath, ...loaders, ...script]);
    this.child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const onData = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-64 * 1024);
      for (const listener of [...this.listeners]) listener();
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.child.on('message', (reply: ProbeReply) => this.pending.get(reply.id)?.(reply));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get tail(): string {
    return this.output.slice(-3000);
  }

  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pattern.test(this.output)) return;
        done();
        resolve();
      };
      const done = () => {
        this.listeners.delete(check);
        clearTimeout(timer);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms:\n${this.tail}`));
      }, timeoutMs);
      void this.exited.then((code) => {
        if (pattern.test(this.output)) return;
        done();
        reject(new Error(`${this.name} exited (${code}) before ${pattern}:\n${this.tail}`));
      });
      this.listeners.add(check);
      check();
    });
  }

  ask<T = unknown>(command: Command, timeoutMs = 30_000): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${command.command}`));
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (reply.error !== undefined) reject(new Error(`${this.name}: ${reply.error}`));
        else resolve(reply.result as T);
      });
      void this.exited.then((code) => {
        if (!this.pending.has(id)) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(new Error(`${this.name} exited (${code}) before answering ${command.command}:\n${this.tail}`));
      });
      this.child.send({ ...command, id });
    });
  }

  stats(): Promise<ProbeStats> {
    return this.ask<ProbeStats>({ command: 'stats' });
  }

  /** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
