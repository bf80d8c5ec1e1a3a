let counter = 0;

export interface WebResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A browser without JavaScript, over fetch: it keeps cookies, follows no redirects by itself, and
 * submits forms with the CSRF token of the last page it loaded.
 */
export class WebClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly url: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, init: { form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<WebResponse> {
    const headers: Record<string, string> = { cookie: this.cookieHeader, ...init.headers };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(this.url + path, { method, headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, headers: response.headers, text };
  }

  get = (path: string, headers?: Record<string, string>) => this.request('GET', path, { headers });

  /** Posts a form with this page's CSRF token (unless the form names its own `_csrf`). */
  post = (path: string, form: Record<string, string> = {}, headers?: Record<string, string>) =>
    this.request('POST', path, { form: { _csrf: this.csrf, ...form }, headers });

  async signUp(email = `web${++counter}-${Date.now()}@example.com`, password = 'correct horse battery'): Promise<{ email: string; password: string }> {
    await this.get('/signup');
    const response = await this.post('/signup', { email, password });
    if (response.status !== 303) throw new Error(`sign-up failed: ${response.status} ${response.text.slice(0, 500)}`);
    await this.get('/');
    return { email, password };
  }

  /** Creates a chat through the form and returns its id. */
  async newChat(fields: Record<string, string> = {}): Promise<string> {
    const response = await this.post('/chats', fields);
    const location = response.headers.get('location') ?? '';
    const id = /^\/chats\/([^/]+)$/.exec(location)?.[1];
    if (response.status !== 303 || !id) throw new Error(`new chat failed: ${response.status} ${response.text.slice(0, 500)}`);
    await this.get(location);
    return id;
  }
}

/** The chat page's stream position, as rendered into its stream URL. */
export const renderedPosition = (page: string): string => {
  const src = /<turbo-stream-source src="([^"]+)"/.exec(page)?.[1] ?? /data-socket-stream-position-value="([^"]*)"/.exec(page)?.[1];
  if (src === undefined) throw new Error('no stream source on the page');
  return src.includes('position=') ? new URL(src.replace(/&amp;/g, '&'), 'http://x').searchParams.get('position')! : src;
};
