import { APICallError } from '@ai-sdk/provider';
import { ProviderError } from './model-provider.ts';

/**
 * Turns whatever a provider client threw into a ProviderError: whether a retry may help, and a message
 * that is safe to show a user. Provider messages are never passed through: they can quote API keys.
 */
export function classifyProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  // Checked first: a reply cut mid-stream surfaces as an APICallError about the (successful) response.
  if (isConnectionLoss(error)) return connectionLost(error);
  if (APICallError.isInstance(error)) return providerErrorForStatus(error.statusCode, error);
  if (isUnreachable(error)) return unreachable(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'AI_JSONParseError' || name === 'AI_TypeValidationError' || name === 'AI_InvalidResponseDataError') return unreadable(error);
  return new ProviderError('The model provider failed to answer.', false, { cause: error });
}

/** What an HTTP status from the provider means to the user, and whether trying again may help. */
export function providerErrorForStatus(status: number | undefined, cause: unknown): ProviderError {
  if (status === undefined || status < 400) return unreachable(cause);
  if (status === 401 || status === 403)
    return new ProviderError(`The model provider refused the credentials (HTTP ${status}); check the API key.`, false, { cause });
  if (status === 404) return new ProviderError('The model provider does not know this model (HTTP 404).', false, { cause });
  if (status === 429) return new ProviderError('The model provider is rate limiting requests (HTTP 429); try again in a moment.', true, { cause });
  if (status >= 500) return new ProviderError(`The model provider had an internal error (HTTP ${status}).`, true, { cause });
  return new ProviderError(`The model provider rejected the request (HTTP ${status}).`, false, { cause });
}

export const unreachable = (cause: unknown) => new ProviderError('Hotline could not reach the model provider.', true, { cause });
export const unreadable = (cause: unknown) => new ProviderError('The model provider sent a reply Hotline could not read.', false, { cause });
export const connectionLost = (cause: unknown) =>
  new ProviderError('The connection to the model provider was lost before the reply was complete.', false, { cause });

function isConnectionLoss(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: string }).code ?? '';
    if (/terminated|other side closed|socket hang up|^aborted$/i.test(e.message) || /^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/.test(code)) return true;
  }
  return false;
}

/** No connection could be made at all (refused, unknown host, unreachable network): a retry may help. */
function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: string }).code ?? '';
    if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)$/.test(code)) return true;
  }
  return false;
}
