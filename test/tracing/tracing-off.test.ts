import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, 'support/loaded-opentelemetry.ts');
const loadedBy = (env: Record<string, string>): string[] =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', script, JSON.stringify(env)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1)!,
  );

describe('tracing', () => {
  it('loads no OpenTelemetry SDK when no OTLP endpoint is set, and loads it when one is', () => {
    // The API alone is loaded by other libraries (the AI SDK, prom-client): it does nothing without an SDK.
    expect(loadedBy({})).toEqual(['@opentelemetry/api']);
    expect(loadedBy({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/' })).toEqual(
      expect.arrayContaining(['@opentelemetry/sdk-trace', '@opentelemetry/exporter-trace-otlp-http']),
    );
  });
});
