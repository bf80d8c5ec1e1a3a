import type { IncomingMessage, ServerResponse } from 'node:http';

/** The models the fake provider lists: a couple of real-looking names, in each wire format's list shape. */
export const FAKE_MODELS = { openai: ['gpt-fake-mini', 'gpt-fake-large'], anthropic: ['claude-fake-sonnet'] };

/** `GET /v1/models`: Anthropic's shape when the request carries `anthropic-version`, else OpenAI's. */
export function sendModelList(req: IncomingMessage, res: ServerResponse): void {
  const body = req.headers['anthropic-version']
    ? {
        data: FAKE_MODELS.anthropic.map((id) => ({ id, type: 'model', display_name: id, created_at: '2025-01-01T00:00:00Z' })),
        has_more: false,
        first_id: null,
        last_id: null,
      }
    : { object: 'list', data: FAKE_MODELS.openai.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
