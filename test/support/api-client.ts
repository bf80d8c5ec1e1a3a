let counter = 0;

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** A JSON API client, as an outside script would use Hotline. */
export class ApiClient {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.token) (init.headers as Record<string, string>).authorization = `Bearer ${this.token}`;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(this.url + path, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body);
  delete = (path: string) => this.request('DELETE', path);

  /** Signs up a fresh user and returns a client acting as them. */
  async signUp(email = `user${++counter}-${Date.now()}@example.com`, password = 'correct horse'): Promise<ApiClient> {
    const response = await new ApiClient(this.url).post('/api/users', { email, password });
    if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
    return new ApiClient(this.url, response.body.token);
  }

  async newChat(fields: Record<string, unknown> = {}): Promise<any> {
    const response = await this.post('/api/chats', fields);
    if (response.status !== 201) throw new Error(`chat failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Posts a message and returns the 202 body ({userMessage, assistantMessage}). */
  async send(chatId: string, content = 'Hello'): Promise<any> {
    const response = await this.post(`/api/chats/${chatId}/messages`, { content });
    if (response.status !== 202) throw new Error(`send failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Waits for a message to leave `streaming`. */
  async settled(messageId: string, timeoutMs = 10_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.get(`/api/messages/${messageId}`);
      if (body.status !== 'streaming' || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
