import { z } from 'zod';
import { givenCredentials, newCredentials } from '../accounts/credentials.ts';
import { chatChanges, currentMessage, newChat, page } from '../api/chats.ts';
import { newDocument } from '../api/documents.ts';
import { newMessage, toolCallDecision } from '../api/messages.ts';
import { usageQuery } from '../api/usage.ts';
import { aiSdkChatRequest } from '../protocols/ai-sdk-ui/routes.ts';
import { chatCompletionRequest } from '../protocols/openai-chat/routes.ts';
import { responseQuery, responseRequest } from '../protocols/openai-responses/routes.ts';

/** One operation of the API: the schemas are the very ones its route validates requests with. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Takes `multipart/form-data` with one file in the field `file`, instead of JSON. */
  upload?: boolean;
  /** Answers `text/event-stream` (or does when asked to stream). */
  streams?: boolean;
  public?: boolean;
}

const editedMessage = z.object({ content: z.string() });

/** Every route of the JSON API and the standard protocols (a test fails when a served route is missing here). */
export const operations: Operation[] = [
  { method: 'post', path: '/api/users', summary: 'Sign up: a user and a token', body: newCredentials, public: true },
  { method: 'post', path: '/api/session', summary: 'Sign in: a new token', body: givenCredentials, public: true },
  { method: 'post', path: '/api/chats', summary: 'Make a chat', body: newChat },
  { method: 'get', path: '/api/chats', summary: 'The caller’s chats, most recently active first', query: page },
  { method: 'get', path: '/api/chats/{id}', summary: 'A chat with the messages of its current path' },
  { method: 'patch', path: '/api/chats/{id}', summary: 'Change a chat’s title or settings', body: chatChanges },
  { method: 'put', path: '/api/chats/{id}/current', summary: 'Move the chat’s current path through a message', body: currentMessage },
  { method: 'delete', path: '/api/chats/{id}', summary: 'Delete a chat and stop its replies' },
  {
    method: 'get',
    path: '/api/chats/{id}/cable',
    summary: 'Action Cable: where and under which signed stream name a page follows the chat (`after`: the page’s position)',
  },
  { method: 'post', path: '/api/chats/{id}/messages', summary: 'Send a message; its reply is generated in the background', body: newMessage },
  { method: 'get', path: '/api/messages/{id}', summary: 'A message' },
  { method: 'get', path: '/api/messages/{id}/events', summary: 'A reply’s event stream, resumable with Last-Event-ID', streams: true },
  { method: 'post', path: '/api/messages/{id}/edit', summary: 'A new version of a user message, answered anew', body: editedMessage },
  { method: 'post', path: '/api/messages/{id}/stop', summary: 'Stop a reply' },
  { method: 'post', path: '/api/messages/{id}/retry', summary: 'A new version of a reply' },
  {
    method: 'post',
    path: '/api/messages/{id}/tool-calls/{toolCallId}',
    summary: 'Approve or deny a tool call that waits for approval; the reply goes on',
    body: toolCallDecision,
  },
  { method: 'get', path: '/api/tools', summary: 'The tools a chat may offer its model' },
  { method: 'post', path: '/api/attachments', summary: 'Upload a file to send with a message (image, PDF or UTF-8 text)', upload: true },
  { method: 'get', path: '/api/attachments/{id}', summary: 'An uploaded file, to its owner only' },
  { method: 'get', path: '/api/usage', summary: 'What the caller spent: totals, by model and by day (the current month by default)', query: usageQuery },
  { method: 'post', path: '/api/documents', summary: 'Add a document to the knowledge base', body: newDocument },
  { method: 'post', path: '/api/documents/sample', summary: 'Load the sample knowledge base' },
  { method: 'get', path: '/api/documents', summary: 'The caller’s documents' },
  { method: 'delete', path: '/api/documents/{id}', summary: 'Delete a document' },
  {
    method: 'post',
    path: '/api/ai-sdk/chat',
    summary: 'AI SDK: send (or regenerate) and stream the reply as a UI message stream',
    body: aiSdkChatRequest,
    streams: true,
  },
  { method: 'get', path: '/api/ai-sdk/chat/{id}/stream', summary: 'AI SDK: the chat’s active reply (204 when none), exact with Last-Event-ID', streams: true },
  { method: 'post', path: '/api/ai-sdk/chat/{id}/stop', summary: 'AI SDK: stop the chat’s active reply' },
  { method: 'get', path: '/api/ai-sdk/chat/{id}/messages', summary: 'AI SDK: the chat’s current path as UIMessages' },
  { method: 'get', path: '/v1/models', summary: 'OpenAI: the models this server serves' },
  { method: 'post', path: '/v1/chat/completions', summary: 'OpenAI: a chat completion, streamed or not', body: chatCompletionRequest, streams: true },
  { method: 'post', path: '/v1/responses', summary: 'OpenAI: a response (background, stream, previous_response_id)', body: responseRequest, streams: true },
  { method: 'get', path: '/v1/responses/{id}', summary: 'OpenAI: a response, or its events after starting_after', query: responseQuery, streams: true },
  { method: 'post', path: '/v1/responses/{id}/cancel', summary: 'OpenAI: cancel a response, stopping its generation' },
];
