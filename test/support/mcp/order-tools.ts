import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/**
 * A real MCP server (the official SDK's), with the tools the tests call: one that answers, one that takes
 * its time (and says when it was cancelled), one whose server dies mid-call, one that answers 1 MiB, and
 * one that changes something (for approvals). `record` hears each call and cancellation, so that a test
 * can count them.
 */
export function orderTools(record: (line: string) => void, onCrash: () => void): McpServer {
  const server = new McpServer({ name: 'orders', version: '1.0.0' });
  server.registerTool(
    'lookup_order',
    { description: 'Looks up an order by its id', inputSchema: { orderId: z.string() }, outputSchema: { orderId: z.string(), status: z.string() } },
    async ({ orderId }) => {
      record(`lookup_order ${orderId}`);
      const output = { orderId, status: 'shipped' };
      return { content: [{ type: 'text', text: JSON.stringify(output) }], structuredContent: output };
    },
  );
  server.registerTool('slow', { description: 'Waits', inputSchema: { ms: z.number() } }, async ({ ms }, extra) => {
    record('slow started');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      extra.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        record('slow cancelled');
        resolve();
      });
    });
    return { content: [{ type: 'text', text: 'done waiting' }] };
  });
  server.registerTool('crash', { description: 'Its server dies while it runs', inputSchema: {} }, async () => {
    record('crash');
    onCrash();
    return new Promise(() => {});
  });
  server.registerTool('big', { description: 'Answers 1 MiB', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'x'.repeat(1024 * 1024) }] }));
  server.registerTool('refund_order', { description: 'Refunds an order', inputSchema: { orderId: z.string() } }, async ({ orderId }) => {
    record(`refund_order ${orderId}`);
    return { content: [{ type: 'text', text: `refunded ${orderId}` }] };
  });
  return server;
}
