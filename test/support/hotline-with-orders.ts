import type { Env } from '../../src/config.ts';
import { startHotline, type HotlineUnderTest } from './hotline-under-test.ts';
import { startHttpOrdersServer, type HttpOrdersServer } from './mcp/http-orders-server.ts';

/** A Hotline whose chats may call the order tools of a real MCP server over Streamable HTTP; `refund_order` waits for approval. */
export async function startHotlineWithOrders(env: Env = {}): Promise<{ server: HotlineUnderTest; mcp: HttpOrdersServer; close(): Promise<void> }> {
  const mcp = await startHttpOrdersServer();
  const server = await startHotline({
    HOTLINE_RATE_LIMITS: 'off',
    HOTLINE_MCP_SERVERS: JSON.stringify({ mcpServers: { orders: { url: mcp.url, requireApproval: ['refund_order'] } } }),
    ...env,
  });
  return { server, mcp, close: async () => void (await Promise.all([server.close(), mcp.close()])) };
}
