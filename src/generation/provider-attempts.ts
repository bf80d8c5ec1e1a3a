import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelPart, ModelProvider, ReplyRequest } from '../providers/model-provider.ts';
import { classifyProviderError } from '../providers/provider-errors.ts';

export interface AttemptSettings {
  providerAttempts: number;
  retryBaseMs: number;
}

/**
 * Streams the model's reply into `take`, trying the provider again on a retryable failure (a 429, a 5xx,
 * a dropped connection), with exponential backoff, up to `providerAttempts` in all, and never once a
 * token went out: a retry would start the text again under the reader's eyes. Each retry is said first
 * (`onRetry`, with the attempt's number), so readers see why nothing is written yet rather than an
 * empty reply "writing". Throws the classified failure, or the abort's reason.
 */
export async function streamWithRetries(
  provider: ModelProvider,
  request: ReplyRequest,
  take: (part: ModelPart) => void,
  settings: AttemptSettings & { started(): boolean; onRetry(attempt: number): void },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      for await (const part of provider.streamReply(request)) take(part);
      return;
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      const failure = classifyProviderError(error);
      if (!failure.retryable || settings.started() || attempt >= settings.providerAttempts) throw failure;
      settings.onRetry(attempt + 1);
      await sleep(settings.retryBaseMs * 2 ** (attempt - 1), undefined, { signal: request.signal });
    }
  }
}
