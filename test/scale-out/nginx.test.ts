import { execFileSync } from 'node:child_process';
import WebSocket from 'ws';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client.ts';
import { startHotline, type HotlineUnderTest } from '../support/hotline-under-test.ts';
import { freePort, run, type RunningProcess } from '../support/processes.ts';
import { openEventStream } from '../support/sse-client.ts';
import { WebClient } from '../web/support/web-client.ts';

function nginxInstalled(): boolean {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('nginx is not installed, and CI=true: .ci/run installs it');
    console.warn('Skipping the nginx test: nginx is not installed (apt-get install nginx)');
    return false;
  }
}

/** The documented production config (deploy/nginx.conf), pointed at this test's ports. */
function nginxConfig(dir: string, listen: number, upstream: number): string {
  const site = readFileSync(join(process.cwd(), 'deploy', 'nginx.conf'), 'utf8')
    .replace(/server 127\.0\.0\.1:3000;\s*server 127\.0\.0\.1:3001;/, `server 127.0.0.1:${upstream};`)
    .replace('listen 80;', `listen 127.0.0.1:${listen};`);
  writeFileSync(join(dir, 'hotline.conf'), site);
  return `
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/hotline.conf;
}`;
}

describe.runIf(nginxInstalled())('behind nginx, with the documented configuration', () => {
  let server: HotlineUnderTest;
  let nginx: RunningProcess;
  let port: number;

  beforeAll(async () => {
    server = await startHotline({ HOTLINE_RATE_LIMITS: 'off', HOTLINE_TRUST_PROXY: 'on' });
    port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-nginx-'));
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, Number(new URL(server.url).port)));
    nginx = run('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;']);
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await nginx?.stop();
    await server?.close();
  });

  it('delivers the first delta through nginx while the reply is still being generated', async () => {
    const viaNginx = await new ApiClient(`http://127.0.0.1:${port}`).signUp();
    const chat = await viaNginx.newChat({ model: 'openai:proxied?tokens=100&rate=20' });
    const { assistantMessage } = await viaNginx.send(chat.id, 'Through the proxy');
    const stream = await openEventStream(`http://127.0.0.1:${port}/api/messages/${assistantMessage.id}/events`, viaNginx.token!);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    await stream.until((events) => events.some((e) => e.event === 'delta'));
    const meanwhile = await viaNginx.get(`/api/messages/${assistantMessage.id}`);
    expect(meanwhile.body.status).toBe('streaming');
    expect(stream.events.filter((e) => e.event === 'delta').length).toBeLessThan(100);
    await viaNginx.post(`/api/messages/${assistantMessage.id}/stop`);
    await stream.closed;
    expect(stream.events.at(-1)).toMatchObject({ event: 'done', data: { status: 'cancelled' } });
  });

  it("opens a chat's WebSocket through nginx for the page's own origin (port included), and no other", async () => {
    const site = `http://127.0.0.1:${port}`;
    const browser = new WebClient(site);
    await browser.signUp();
    const chatId = await browser.newChat({ model: 'openai:fake?tokens=3' });
    const url = `ws://127.0.0.1:${port}/chats/${chatId}/socket?position=start`;
    const open = (origin: string) =>
      new Promise<number | 'open'>((resolve) => {
        const socket = new WebSocket(url, { headers: { cookie: browser.cookieHeader, origin } });
        socket.on('open', () => resolve('open'));
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('error', () => resolve(0));
        socket.on('open', () => socket.terminate());
      });
    expect(await open(site)).toBe('open');
    expect(await open(`http://127.0.0.1:${port + 1}`)).toBe(403);
  });
});
