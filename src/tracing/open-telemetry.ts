import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Attributes as OtelAttributes,
  type Context,
  type Span as OtelSpan,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Attributes, Span, SpanKind as Kind, TraceCarrier, Tracing, TracingSettings } from './tracing.ts';

const kinds: Record<Kind, SpanKind> = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL };

/**
 * Tracing with the OpenTelemetry SDK, exported by OTLP/HTTP (JSON). Nothing is registered globally (no
 * global tracer provider, context manager or propagator), so several Hotlines in one process (the
 * tests) each keep their own; the current span is this instance's own AsyncLocalStorage, which only a
 * request's handler enters (`within`). The exporter reads the standard OTEL_EXPORTER_OTLP_HEADERS,
 * _TIMEOUT and _COMPRESSION itself; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the resource.
 */
export async function openTelemetry(settings: TracingSettings & { otlpEndpoint: string }): Promise<Tracing> {
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'hotline', 'hotline.role': settings.role }).merge(
    await detectResources({ detectors: [envDetector] }),
  );
  const exporter = new OTLPTraceExporter({ url: new URL('v1/traces', settings.otlpEndpoint.replace(/\/?$/, '/')).href });
  const provider = new TracerProvider({ resource, spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: settings.exportDelayMs })] });
  const tracer = provider.getTracer('hotline');
  const propagator = new W3CTraceContextPropagator();
  const current = new AsyncLocalStorage<OpenTelemetrySpan>();
  return {
    start(name, options = {}) {
      const parent = options.from ? propagator.extract(ROOT_CONTEXT, options.from, defaultTextMapGetter) : ROOT_CONTEXT;
      return OpenTelemetrySpan.start(tracer, name, options, parent);
    },
    within: (span, work) => (span instanceof OpenTelemetrySpan ? current.run(span, work) : work()),
    carrier() {
      const span = current.getStore();
      if (!span) return undefined;
      const carrier: TraceCarrier = {};
      propagator.inject(span.context, carrier, defaultTextMapSetter);
      return carrier;
    },
    close: () => provider.shutdown(),
  };
}

class OpenTelemetrySpan implements Span {
  private ended = false;

  private constructor(
    private readonly tracer: Tracer,
    private readonly span: OtelSpan,
    readonly context: Context,
  ) {}

  static start(tracer: Tracer, name: string, options: { kind?: Kind; attributes?: Attributes }, parent: Context): OpenTelemetrySpan {
    const span = tracer.startSpan(name, { kind: kinds[options.kind ?? 'internal'], attributes: defined(options.attributes) }, parent);
    return new OpenTelemetrySpan(tracer, span, trace.setSpan(parent, span));
  }

  set(attributes: Attributes): void {
    this.span.setAttributes(defined(attributes));
  }

  event(name: string, attributes?: Attributes, atMs?: number): void {
    this.span.addEvent(name, defined(attributes), atMs);
  }

  fail(type: string, message?: string): void {
    this.span.setAttribute(ATTR_ERROR_TYPE, type);
    this.span.setStatus({ code: SpanStatusCode.ERROR, ...(message ? { message } : {}) });
  }

  child(name: string, options: { kind?: Kind; attributes?: Attributes } = {}): Span {
    return OpenTelemetrySpan.start(this.tracer, name, options, this.context);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }
}

function defined(attributes: Attributes | undefined): OtelAttributes {
  const kept: OtelAttributes = {};
  for (const [key, value] of Object.entries(attributes ?? {})) if (value !== undefined) kept[key] = value;
  return kept;
}
