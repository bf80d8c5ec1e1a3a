/**
 * Traces, as Hotline's code sees them: spans it starts, describes and ends. With no OTLP endpoint
 * configured, `noTracing` answers every call with nothing, and the OpenTelemetry SDK is never loaded
 * (`open-tracing.ts` imports `open-telemetry.ts` only when there is an endpoint).
 */

export type AttributeValue = string | number | boolean | string[];

/** A span's attributes; an undefined one is left out (a figure the provider did not report). */
export type Attributes = Record<string, AttributeValue | undefined>;

/** The W3C trace context (`traceparent`, `tracestate`) of a span, as headers or a job's data carry it. */
export type TraceCarrier = Record<string, string>;

export type SpanKind = 'server' | 'client' | 'internal';

export interface Span {
  set(attributes: Attributes): void;
  /** Something that happened in the span, at `atMs` (epoch milliseconds) or now. */
  event(name: string, attributes?: Attributes, atMs?: number): void;
  /** The span's work failed: `type` is its kind (a low-cardinality `error.type`), `message` says what happened. */
  fail(type: string, message?: string): void;
  /** A span of part of this one's work. */
  child(name: string, options?: { kind?: SpanKind; attributes?: Attributes }): Span;
  /** Ends the span; ending it again does nothing, so an early ending and a `finally` may both call it. */
  end(): void;
}

export interface Tracing {
  /**
   * Starts a span of work that came from elsewhere: it continues the trace `from` names (an incoming
   * request's headers, a job's data), or starts a new one.
   */
  start(name: string, options?: { kind?: SpanKind; from?: Readonly<Record<string, string | string[] | undefined>>; attributes?: Attributes }): Span;
  /** Runs `work` with `span` current: `carrier()` called inside it, across awaits, names that span. */
  within<T>(span: Span, work: () => T): T;
  /** The current span's trace context, to continue it in another process (through the queue); undefined outside any span. */
  carrier(): TraceCarrier | undefined;
  /** Sends the spans not sent yet; no span starts after this. */
  close(): Promise<void>;
}

export const noSpan: Span = {
  set() {},
  event() {},
  fail() {},
  child: () => noSpan,
  end() {},
};

export const noTracing: Tracing = {
  start: () => noSpan,
  within: (_span, work) => work(),
  carrier: () => undefined,
  close: async () => {},
};

export interface TracingSettings {
  /** The OTLP/HTTP endpoint's base URL (spans go to `<endpoint>/v1/traces`); unset, no tracing. */
  otlpEndpoint: string | undefined;
  /** How long finished spans wait to be sent together. */
  exportDelayMs: number;
  /** Which part this process plays (`all`, `web`, `worker`): every span says it, through its resource. */
  role: string;
}
