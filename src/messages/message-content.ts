import { invalidField, Refusal } from '../refusal.ts';

/** The one rule for what a person writes in a message, for the API and the web app alike. */
export function checkMessageContent(content: string, maxBytes: number): void {
  if (content.trim() === '') throw invalidField('content', 'must not be empty');
  if (Buffer.byteLength(content) > maxBytes) {
    throw new Refusal('too_large', 'too_large', `content: must be at most ${maxBytes} bytes`, { field: 'content' });
  }
}
