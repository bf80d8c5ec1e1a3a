import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import type { Hotline } from '../../hotline.ts';
import { HttpError } from '../../http/http-error.ts';
import { takeStreamSlot } from '../../http/stream-slot.ts';
import { encodePosition } from '../../web/views/chat-position.ts';
import { openChatFor } from '../turbo/stream-access.ts';
import { confirmSubscription, parseCommand, ping, pingIntervalMs, rejectSubscription, signedNameOf, welcome } from './cable-messages.ts';
import { CableSubscription } from './cable-subscription.ts';
import { verifyStreamName } from './signed-stream-name.ts';

export interface CableSettings {
  hotline: Hotline;
  secret: string;
  frameIntervalMs: number;
  log: FastifyBaseLogger;
}

/**
 * One Action Cable connection: welcome, a ping every 3 s, and the subscriptions the consumer asks for.
 * Authorisation is at subscription time, on every subscribe (a reconnect included): a name this server
 * signed, not expired, for a chat its user still has, from a position of that chat, within the user's
 * stream cap. Anything else is rejected, which the consumer takes as final for that subscription.
 */
export function serveCable(socket: WebSocket, settings: CableSettings): void {
  const { hotline, secret } = settings;
  const subscribers = hotline.metrics.subscribers.labels({ transport: 'action-cable' });
  const byName = new Map<string, CableSubscription>();
  const opening = new Set<string>();
  const slowMs = hotline.config.streams.slowSubscriberTimeoutMs;
  const sendNow = (text: string) => socket.readyState === socket.OPEN && socket.send(text);

  const deps = {
    hotline,
    secret,
    frameIntervalMs: settings.frameIntervalMs,
    send: (text: string) => sendPaced(socket, text, slowMs),
    renamed(subscription: CableSubscription, from: string) {
      byName.delete(from);
      byName.set(subscription.name, subscription);
    },
  };

  async function subscribe(identifier: string): Promise<void> {
    const name = signedNameOf(identifier);
    if (name === undefined) return void sendNow(rejectSubscription(identifier));
    const running = byName.get(name);
    if (running) {
      running.takeOver(identifier);
      return void sendNow(confirmSubscription(identifier));
    }
    // The consumer repeats a subscribe every 500 ms until it is confirmed: one of them opens it.
    if (opening.has(name)) return;
    opening.add(name);
    try {
      const grant = verifyStreamName(secret, name, hotline.clock.now());
      const opened = typeof grant === 'string' ? grant : await openChatFor(hotline, grant.userId, grant.chatId, encodePosition(grant.position));
      if (typeof grant === 'string' || typeof opened === 'string') return void sendNow(rejectSubscription(identifier));
      const release = await takeStreamSlot(hotline, grant.userId).catch((error: unknown) => {
        if (error instanceof HttpError) return undefined;
        throw error;
      });
      if (!release) return void sendNow(rejectSubscription(identifier));
      if (socket.readyState !== socket.OPEN) return release();
      const subscription = new CableSubscription(deps, identifier, name, { ...grant, position: opened.position }, opened.chat);
      byName.set(name, subscription);
      sendNow(confirmSubscription(identifier));
      subscribers.inc();
      subscription
        .run()
        .catch((error: unknown) => settings.log.error({ err: error, chatId: grant.chatId }, 'cable subscription failed'))
        .finally(() => {
          if (byName.get(subscription.name) === subscription) byName.delete(subscription.name);
          release();
          subscribers.dec();
        });
    } finally {
      opening.delete(name);
    }
  }

  socket.on('message', (data, isBinary) => {
    const command = isBinary ? undefined : parseCommand(data.toString());
    if (command?.command === 'subscribe') {
      subscribe(command.identifier).catch((error: unknown) => {
        settings.log.error({ err: error }, 'cable subscribe failed');
        sendNow(rejectSubscription(command.identifier));
      });
    } else if (command?.command === 'unsubscribe') {
      const name = signedNameOf(command.identifier);
      if (name !== undefined) byName.get(name)?.stop();
    }
    // `message` commands (a channel action) have no use here: a Turbo stream only listens.
  });
  const pinger = setInterval(() => sendNow(ping(hotline.clock.now())), pingIntervalMs);
  socket.on('close', () => {
    clearInterval(pinger);
    for (const subscription of byName.values()) subscription.stop();
  });
  sendNow(welcome);
}

/** Like an SSE reader, a connection that takes no data for `slowMs` is cut off; its page resubscribes from its name. */
function sendPaced(socket: WebSocket, text: string, slowMs: number): Promise<boolean> {
  if (socket.readyState !== socket.OPEN) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.terminate();
      resolve(false);
    }, slowMs);
    socket.send(text, (error) => {
      clearTimeout(timer);
      resolve(!error);
    });
  });
}
