import { noTracing, type Tracing, type TracingSettings } from './tracing.ts';

/** Tracing by OTLP to `endpoint` when one is configured; otherwise none, at no cost. */
export async function openTracing(settings: TracingSettings): Promise<Tracing> {
  if (!settings.otlpEndpoint) return noTracing;
  const { openTelemetry } = await import('./open-telemetry.ts');
  return openTelemetry({ ...settings, otlpEndpoint: settings.otlpEndpoint });
}
