import { appendFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { orderTools } from './order-tools.ts';

// Started by Hotline as a child process (stdio); what it does is appended to RECORD_FILE, one line each.
const file = process.env['RECORD_FILE'];
const record = (line: string) => {
  if (file) appendFileSync(file, `${line}\n`);
};
await orderTools(record, () => process.exit(1)).connect(new StdioServerTransport());
