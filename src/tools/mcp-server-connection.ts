import type { Logger } from 'pino';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpServerSetting } from '../mcp-servers-setting.ts';
import { ToolFailure, type Tool, type ToolContext, type ToolSource } from './tool.ts';
import { outputOfMcpResult } from './mcp-tool-output.ts';

const connectTimeoutMs = 10_000;

/**
 * One MCP server, reached through the official SDK's client: a process this one starts (stdio) or a URL
 * (Streamable HTTP). One connection per process, shared by every reply's calls. A server that goes away
 * (its process died, its HTTP side stopped answering) fails the calls in flight, which the model hears
 * as errors, and is connected again on the next call. Its tools are the ones it listed when first reached.
 */
export class McpServerConnection implements ToolSource {
  private client: Promise<Client> | undefined;
  private listed: Tool[] = [];

  constructor(
    private readonly setting: McpServerSetting,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.setting.name;
  }

  /** Connects and lists the server's tools; false (logged) when it cannot be reached: its tools are then missing. */
  async open(): Promise<boolean> {
    try {
      const client = await this.connected();
      const { tools } = await client.listTools(undefined, { timeout: connectTimeoutMs });
      const approval = this.setting.requireApproval;
      this.listed = tools.map((tool) => ({
        name: tool.name,
        description: tool.description ?? '',
        inputSchema: tool.inputSchema as Record<string, unknown>,
        source: this.setting.name,
        requiresApproval: approval === true || (Array.isArray(approval) && approval.includes(tool.name)),
      }));
      return true;
    } catch (error) {
      this.logger.error({ server: this.setting.name, err: error }, 'MCP server unreachable: its tools are missing');
      this.client = undefined;
      return false;
    }
  }

  tools(): Tool[] {
    return this.listed;
  }

  async call(name: string, input: Record<string, unknown>, context: ToolContext): Promise<unknown> {
    let client: Client;
    try {
      client = await this.connected();
    } catch {
      throw new ToolFailure(`The tool server ${this.setting.name} cannot be reached.`);
    }
    try {
      // The signal sends the server a cancellation when the call times out or the reply is stopped.
      const result = await client.callTool({ name, arguments: input }, undefined, { signal: context.signal, timeout: 2 ** 31 - 1 });
      return outputOfMcpResult(result);
    } catch (error) {
      if (context.signal.aborted || error instanceof ToolFailure) throw error;
      this.logger.warn({ server: this.setting.name, tool: name, err: error }, 'MCP tool call failed');
      throw new ToolFailure(`The tool server ${this.setting.name} failed: ${safeReason(error)}`);
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await (await client?.catch(() => undefined))?.close().catch(() => {});
  }

  private connected(): Promise<Client> {
    if (this.client) return this.client;
    // Assigned before the connection starts, so that its close handler knows which connection it is.
    let settle!: { resolve: (client: Client) => void; reject: (error: unknown) => void };
    const client = new Promise<Client>((resolve, reject) => (settle = { resolve, reject }));
    client.catch(() => {});
    this.client = client;
    this.connect().then(settle.resolve, (error: unknown) => {
      if (this.client === client) this.client = undefined;
      settle.reject(error);
    });
    return client;
  }

  private async connect(): Promise<Client> {
    const connecting = this.client;
    // The SDK (with its JSON-schema validator) is loaded by the first connection, not at start-up: it is a
    // fifth of a process's memory, and most servers have no MCP server configured.
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const client = new Client({ name: 'hotline', version: '1.0.0' });
    // A connection that closes (the server exited or went away) is made again by the next call.
    client.onclose = () => {
      if (this.client === connecting) this.client = undefined;
    };
    await client.connect(await this.transport(), { timeout: connectTimeoutMs });
    return client;
  }

  private async transport() {
    const setting = this.setting;
    if (setting.kind === 'http') {
      const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
      return new StreamableHTTPClientTransport(new URL(setting.url), { requestInit: { headers: setting.headers } });
    }
    const { getDefaultEnvironment, StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const transport = new StdioClientTransport({
      command: setting.command,
      args: setting.args,
      env: { ...getDefaultEnvironment(), ...setting.env },
      ...(setting.cwd ? { cwd: setting.cwd } : {}),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => this.logger.debug({ server: setting.name, stderr: chunk.toString('utf8') }, 'MCP server said'));
    return transport;
  }
}

/** The first line of a failure's message, short: a server's reason, never a stack. */
function safeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200) || 'no reason given';
}
