import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** One MCP server whose tools chats may use: a command Hotline starts (stdio), or a URL (Streamable HTTP). */
export type McpServerSetting = {
  name: string;
  /** `true`: every call of its tools waits for the user; a list: only those tools' calls do. */
  requireApproval: boolean | string[];
} & (
  | { kind: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd: string | undefined }
  | { kind: 'http'; url: string; headers: Record<string, string> }
);

const approval = z.union([z.boolean(), z.array(z.string())]).default(false);
const stdio = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
  requireApproval: approval,
});
const http = z.object({ url: z.url(), headers: z.record(z.string(), z.string()).default({}), requireApproval: approval });
const servers = z.object({ mcpServers: z.record(z.string().regex(/^[\w.-]{1,64}$/, 'a server name is letters, digits, _ . -'), z.union([stdio, http])) });

/**
 * `HOTLINE_MCP_SERVERS`: a JSON object, or the path of a JSON file, in the usual
 * `{"mcpServers": {"<name>": {command, args, env} | {url, headers}}}` shape. Throws a message naming what
 * is wrong; the configuration turns it into its one clear line.
 */
export function parseMcpServers(value: string | undefined): McpServerSetting[] {
  if (!value) return [];
  let text = value;
  if (!value.trimStart().startsWith('{')) {
    try {
      text = readFileSync(value, 'utf8');
    } catch {
      throw new Error(`no JSON object and no readable file at ${value}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('is not valid JSON');
  }
  const parsed = servers.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.') || 'the value'}: ${issue.message}`);
  }
  return Object.entries(parsed.data.mcpServers).map(([name, server]) =>
    'command' in server
      ? { name, kind: 'stdio', command: server.command, args: server.args, env: server.env, cwd: server.cwd, requireApproval: server.requireApproval }
      : { name, kind: 'http', url: server.url, headers: server.headers, requireApproval: server.requireApproval },
  );
}
