import type { Logger } from 'pino';
import { ConfigError } from '../config.ts';
import type { McpServerSetting } from '../mcp-servers-setting.ts';
import type { ToolSpec } from '../providers/model-provider.ts';
import { McpServerConnection } from './mcp-server-connection.ts';
import { runWithLimits, type ToolLimits } from './tool-limits.ts';
import type { Tool, ToolOutcome, ToolSource } from './tool.ts';

/**
 * Every tool this process offers, by name: the built-ins and each MCP server's. Opened once per process
 * (the MCP connections are reused by every reply); a server that cannot be reached is logged and its
 * tools are missing, and two tools with one name stop start-up.
 */
export class ToolRegistry {
  private readonly byName = new Map<string, { tool: Tool; source: ToolSource }>();

  private constructor(
    private readonly sources: ToolSource[],
    private readonly limits: ToolLimits,
  ) {
    for (const source of sources) {
      for (const tool of source.tools()) {
        const other = this.byName.get(tool.name);
        if (other) {
          throw new ConfigError(`Invalid configuration: HOTLINE_MCP_SERVERS: two tools are named ${tool.name} (from ${other.tool.source} and ${tool.source})`);
        }
        this.byName.set(tool.name, { tool, source });
      }
    }
  }

  static async open(settings: ToolLimits & { mcpServers: McpServerSetting[] }, builtIns: ToolSource, logger: Logger): Promise<ToolRegistry> {
    const servers = settings.mcpServers.map((setting) => new McpServerConnection(setting, logger));
    await Promise.all(servers.map((server) => server.open()));
    try {
      return new ToolRegistry([builtIns, ...servers], settings);
    } catch (error) {
      await Promise.all(servers.map((server) => server.close()));
      throw error;
    }
  }

  list(): Tool[] {
    return [...this.byName.values()].map((entry) => entry.tool);
  }

  find(name: string): Tool | undefined {
    return this.byName.get(name)?.tool;
  }

  /** The names among these that are no tool of this server. */
  unknown(names: string[]): string[] {
    return names.filter((name) => !this.byName.has(name));
  }

  /** What the model is told of the tools it is offered (those of them that still exist). */
  specs(names: string[]): ToolSpec[] {
    return names.flatMap((name) => {
      const tool = this.byName.get(name)?.tool;
      return tool ? [{ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }] : [];
    });
  }

  /**
   * Runs one call the model made, within the limits (time, output size). Never throws for the tool's
   * sake: a tool that is unknown, not offered, failing, slow or too talkative ends as an `error` the
   * model reads. Only the reply's own abort (a Stop) is thrown, with its reason.
   */
  run(name: string, input: unknown, context: { userId: string; signal: AbortSignal; offered: string[] }): Promise<ToolOutcome> {
    const entry = this.byName.get(name);
    if (!entry || !context.offered.includes(name)) return Promise.resolve({ error: `There is no tool named ${name} in this chat.` });
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return Promise.resolve({ error: 'The arguments were not a JSON object; call the tool again with valid JSON arguments.' });
    }
    return runWithLimits(this.limits, context, (signal) => entry.source.call(name, input as Record<string, unknown>, { userId: context.userId, signal }));
  }

  async close(): Promise<void> {
    await Promise.all(this.sources.map((source) => source.close()));
  }
}
