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

  async request(
    method: string,
    path: string,
    init: { form?: Record<string, string>; multipart?: FormData; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {},
  ): Promise<WebResponse> {
    const headers: Record<string, string> = { cookie: this.cookieHeader, ...init.headers };
    let body: string | FormData | Uint8Array<ArrayBuffer> | undefined = init.body;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.multipart) {
      body = init.multipart; // fetch sets multipart/form-data with its boundary
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

  /**
   * Submits a multipart form as a browser does: the CSRF field first, then the fields, then the file
   * part, which a browser sends with `filename=""` and no content when the file input was left empty.
   */
  upload = (path: string, fields: Record<string, string>, file?: { name: string; content: string | Uint8Array; type?: string }) => {
    const boundary = `----hotline-test-${Math.random().toString(36).slice(2)}`;
    const quoted = (value: string) => value.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
    const chunks: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: this.csrf, ...fields })) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`));
    }
    const type = file ? (file.type ?? 'application/octet-stream') : 'application/octet-stream';
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted(file?.name ?? '')}"\r\nContent-Type: ${type}\r\n\r\n`),
    );
    chunks.push(Buffer.from(file?.content ?? ''));
    chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
    return this.request('POST', path, {
      body: new Uint8Array(Buffer.concat(chunks)),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };

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
