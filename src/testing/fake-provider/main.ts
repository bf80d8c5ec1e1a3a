/**
 * Standalone fake provider for poking the app by hand:
 *   npm run fake-provider            (PORT env, default 9999)
 *   OPENAI_BASE_URL=http://127.0.0.1:9999/v1 ANTHROPIC_BASE_URL=http://127.0.0.1:9999/v1 npm start
 */
import { startFakeProvider } from './server.ts';

const port = Number(process.env['PORT'] ?? 9999);
const host = process.env['HOST'] ?? '127.0.0.1';
const provider = await startFakeProvider({ port, host });

console.log(`fake provider listening on ${provider.url}`);
console.log(`  OPENAI_BASE_URL=${provider.openaiBaseUrl}`);
console.log(`  ANTHROPIC_BASE_URL=${provider.anthropicBaseUrl}`);
console.log(
  '  model scenario: name?tokens=30&rate=50&fault=429|500|malformed|drop|stall&faultAfter=0&failTimes=N&cached=0&cacheWrite=0&reasoning=0&reasoningField=reasoning_content|reasoning',
);

const shutdown = () => {
  void provider.close().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
