import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/accounts/user-store.ts';
import { ChatStore } from '../../src/chats/chat-store.ts';
import type { DatabaseConfig } from '../../src/config.ts';
import { Kysely, Migrator, type KyselyPlugin } from 'kysely';
import { postgresDialect } from '../../src/adapters/store/postgres.ts';
import { sqliteDialect } from '../../src/adapters/store/sqlite.ts';
import { migrations } from '../../src/db/database.ts';
import { openStore, type Store } from '../../src/adapters/store/open-store.ts';
import { createIdGenerator } from '../../src/ids.ts';
import { MessageStore, type Ending, type NewMessage } from '../../src/messages/message-store.ts';
import { emptyUsage, type Source } from '../../src/streams/reply-events.ts';

const newId = createIdGenerator();
const at = (ms: number) => new Date(ms).toISOString();

/** What the message store must do on every database: run by SQLite and by PostgreSQL. */
export function storeContract(name: string, database: () => Promise<{ config: DatabaseConfig; cleanup: () => Promise<void> }>): void {
  describe(`${name} store (contract)`, () => {
    let db: Store;
    let cleanup: () => Promise<void>;
    let users: UserStore;
    let chats: ChatStore;
    let messages: MessageStore;

    beforeAll(async () => {
      const target = await database();
      cleanup = target.cleanup;
      db = await openStore(target.config);
      // Migrations run at every start-up and must be idempotent.
      await db.close();
      db = await openStore(target.config);
      users = new UserStore(db.kysely);
      chats = new ChatStore(db.kysely);
      messages = new MessageStore(db.kysely, db.dialect);
    });
    afterAll(async () => {
      await db.close();
      await cleanup();
    });

    async function userWithChat() {
      const user = (await users.create({ id: newId(), email: `${newId()}@example.com`, passwordHash: 'x', createdAt: at(0) }))!;
      const chat = await chats.create({ id: newId(), userId: user.id, title: 't', model: 'offline', system: null, knowledgeBase: false, createdAt: at(1) });
      return { user, chat };
    }

    function turn(userId: string, chatId: string, createdAt = at(2)): NewMessage[] {
      const userMessage: NewMessage = {
        id: newId(),
        chat_id: chatId,
        user_id: userId,
        role: 'user',
        content: 'q',
        thinking: '[]',
        status: 'completed',
        created_at: createdAt,
        updated_at: createdAt,
      };
      const reply: NewMessage = {
        id: newId(),
        chat_id: chatId,
        user_id: userId,
        role: 'assistant',
        reply_to: userMessage.id,
        parent_id: userMessage.id,
        content: '',
        thinking: '[]',
        status: 'streaming',
        model: 'offline',
        created_at: createdAt,
        updated_at: createdAt,
      };
      return [userMessage, reply];
    }

    const ending = (status: Ending['status'], content: string): Ending => ({
      status,
      content,
      finishReason: 'stop',
      error: null,
      usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: null, cacheWriteTokens: null },
      firstTokenMs: 5,
      durationMs: 10,
      completedAt: at(3),
    });

    it('refuses a second account with the same email', async () => {
      const email = `${newId()}@example.com`;
      expect(await users.create({ id: newId(), email, passwordHash: 'x', createdAt: at(0) })).not.toBeNull();
      expect(await users.create({ id: newId(), email, passwordHash: 'y', createdAt: at(0) })).toBeNull();
    });

    it('finds a user by the hash of a token', async () => {
      const user = (await users.create({ id: newId(), email: `${newId()}@example.com`, passwordHash: 'x', createdAt: at(0) }))!;
      await users.addToken(user.id, 'hash-of-token-' + user.id, at(0));
      expect((await users.findByTokenHash('hash-of-token-' + user.id))?.id).toBe(user.id);
      expect(await users.findByTokenHash('unknown')).toBeUndefined();
    });

    it('scopes chats to their owner', async () => {
      const a = await userWithChat();
      const b = await userWithChat();
      expect(await chats.find(b.user.id, a.chat.id)).toBeUndefined();
      expect((await chats.find(a.user.id, a.chat.id))?.id).toBe(a.chat.id);
      expect(await chats.delete(b.user.id, a.chat.id)).toBe(false);
      expect((await chats.list(a.user.id, { limit: 10 })).chats.map((c) => c.id)).toEqual([a.chat.id]);
    });

    it('inserts a turn, then refuses another while the chat streams, and past the user’s limit', async () => {
      const { user, chat } = await userWithChat();
      expect(await messages.insertTurn(chat.id, user.id, turn(user.id, chat.id), 2)).toBeNull();
      expect(await messages.insertTurn(chat.id, user.id, turn(user.id, chat.id), 2)).toBe('chat_busy');
      const second = await chats.create({ id: newId(), userId: user.id, title: 't', model: 'offline', system: null, knowledgeBase: false, createdAt: at(1) });
      expect(await messages.insertTurn(second.id, user.id, turn(user.id, second.id), 2)).toBeNull();
      const third = await chats.create({ id: newId(), userId: user.id, title: 't', model: 'offline', system: null, knowledgeBase: false, createdAt: at(1) });
      expect(await messages.insertTurn(third.id, user.id, turn(user.id, third.id), 2)).toBe('too_many_streams');
      expect(await messages.listForChat(third.id)).toEqual([]);
    });

    it('lets only one of many concurrent posts to a chat start a reply', async () => {
      const { user, chat } = await userWithChat();
      const results = await Promise.all(Array.from({ length: 8 }, () => messages.insertTurn(chat.id, user.id, turn(user.id, chat.id), 100)));
      expect(results.filter((r) => r === null)).toHaveLength(1);
      expect(await messages.listForChat(chat.id)).toHaveLength(2);
    });

    it('lists a chat’s messages in creation order', async () => {
      const { user, chat } = await userWithChat();
      const [question, reply] = turn(user.id, chat.id);
      await messages.insertTurn(chat.id, user.id, [question!, reply!], 10);
      expect((await messages.listForChat(chat.id)).map((m) => m.id)).toEqual([question!.id, reply!.id]);
    });

    it('lets a reply be claimed once, flushed while streaming, and ended once', async () => {
      const { user, chat } = await userWithChat();
      const [, reply] = turn(user.id, chat.id);
      await messages.insertTurn(chat.id, user.id, turn(user.id, chat.id).slice(0, 1).concat(reply!), 10);
      expect(await messages.claim(reply!.id, at(4))).toBe(true);
      expect(await messages.claim(reply!.id, at(4))).toBe(false);
      expect(await messages.saveProgress(reply!.id, { content: 'partial', thinking: ['step'], sources: null }, at(5))).toBe(true);
      expect((await messages.findById(reply!.id))!.content).toBe('partial');
      const results = await Promise.all([messages.end(reply!.id, ending('completed', 'full text')), messages.end(reply!.id, ending('failed', 'other'))]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = (await messages.findById(reply!.id))!;
      expect(stored.content).toBe(stored.status === 'completed' ? 'full text' : 'other');
      expect(await messages.saveProgress(reply!.id, { content: 'late', thinking: [], sources: null }, at(6))).toBe(false);
    });

    it('flushes the text, the thinking steps and the sources once found, each flush in full', async () => {
      const { user, chat } = await userWithChat();
      const [question, reply] = turn(user.id, chat.id);
      await messages.insertTurn(chat.id, user.id, [question!, reply!], 10);
      await messages.claim(reply!.id, at(4));
      expect(await messages.saveProgress(reply!.id, { content: 'one', thinking: ['searching'], sources: null }, at(5))).toBe(true);
      expect(await messages.findById(reply!.id)).toMatchObject({ content: 'one', thinking: '["searching"]', sources: null, updated_at: at(5) });
      const sources: Source[] = [{ title: 'Doc', excerpt: 'An excerpt', relevance: 0.5, documentId: 'd', url: null }];
      expect(await messages.saveProgress(reply!.id, { content: 'one two', thinking: ['searching', 'found'], sources }, at(6))).toBe(true);
      const stored = (await messages.findById(reply!.id))!;
      expect(stored).toMatchObject({ content: 'one two', thinking: '["searching","found"]', updated_at: at(6), status: 'streaming', started_at: at(4) });
      expect(JSON.parse(stored.sources!)).toEqual(sources);
      // The question is untouched: each flush writes its own reply only.
      expect((await messages.findById(question!.id))!.content).toBe('q');
      expect(await messages.saveProgress('no-such-message', { content: 'x', thinking: [], sources: null }, at(7))).toBe(false);
      expect(await messages.findById('no-such-message')).toBeUndefined();
    });

    it('flushes many replies at once in one statement, each only while it streams', async () => {
      let statements = 0;
      const counting: KyselyPlugin = {
        transformQuery: ({ node }) => node,
        transformResult: async ({ result }) => (statements++, result),
      };
      const store = new MessageStore(db.kysely.withPlugin(counting), db.dialect);
      const replies = [];
      for (let i = 0; i < 5; i++) {
        const { user, chat } = await userWithChat();
        const [question, reply] = turn(user.id, chat.id);
        await messages.insertTurn(chat.id, user.id, [question!, reply!], 10);
        await messages.claim(reply!.id, at(4));
        replies.push(reply!);
      }
      await messages.end(replies[2]!.id, ending('cancelled', 'stopped'));
      const sources: Source[] = [{ title: 'Doc', excerpt: 'An excerpt', relevance: 0.5, documentId: 'd', url: null }];
      await messages.saveProgress(replies[3]!.id, { content: 'first', thinking: [], sources }, at(5));

      const flushed = await Promise.all(
        replies.map((r, i) => store.saveProgress(r.id, { content: `text ${i}\n'quoted'`, thinking: [`step ${i}`], sources: null }, at(6))),
      );
      expect(flushed).toEqual([true, true, false, true, true]);
      expect(statements).toBe(1);
      for (const [i, reply] of replies.entries()) {
        const stored = (await messages.findById(reply.id))!;
        if (i === 2) expect(stored).toMatchObject({ status: 'cancelled', content: 'stopped' });
        else expect(stored).toMatchObject({ status: 'streaming', content: `text ${i}\n'quoted'`, thinking: `["step ${i}"]`, updated_at: at(6) });
      }
      // A flush without sources keeps those stored.
      expect(JSON.parse((await messages.findById(replies[3]!.id))!.sources!)).toEqual(sources);
    });

    it('cancels an unclaimed reply only while no job has claimed it', async () => {
      const { user, chat } = await userWithChat();
      const [question, reply] = turn(user.id, chat.id);
      await messages.insertTurn(chat.id, user.id, [question!, reply!], 10);
      await messages.claim(reply!.id, at(4));
      expect(await messages.end(reply!.id, ending('cancelled', ''), true)).toBe(false);
      expect(await messages.end(reply!.id, ending('cancelled', 'kept'))).toBe(true);
    });

    it('finds claimed streaming replies, and unclaimed ones waiting since before a time', async () => {
      const { user, chat } = await userWithChat();
      const [question, reply] = turn(user.id, chat.id, at(1_000));
      await messages.insertTurn(chat.id, user.id, [question!, reply!], 10);
      expect((await messages.unclaimedSince(at(2_000))).map((m) => m.id)).toContain(reply!.id);
      expect((await messages.unclaimedSince(at(500))).map((m) => m.id)).not.toContain(reply!.id);
      await messages.claim(reply!.id, at(3_000));
      expect((await messages.unclaimedSince(at(9_000))).map((m) => m.id)).not.toContain(reply!.id);
      expect((await messages.claimedStreaming()).map((m) => m.id)).toContain(reply!.id);
    });

    it('keeps the current path: a new turn follows its end, a retry becomes a version beside the old reply', async () => {
      const { user, chat } = await userWithChat();
      const [q1, a1] = turn(user.id, chat.id, at(10));
      await messages.insertTurn(chat.id, user.id, [q1!, a1!], 10, true);
      await messages.end(a1!.id, ending('completed', 'one'));
      const [q2, a2] = turn(user.id, chat.id, at(11));
      await messages.insertTurn(chat.id, user.id, [q2!, { ...a2!, parent_id: q2!.id }], 10, true);
      await messages.end(a2!.id, ending('completed', 'two'));
      const ids = async () => (await messages.currentPath(chat.id)).path.map((m) => m.id);
      expect(await ids()).toEqual([q1!.id, a1!.id, q2!.id, a2!.id]);
      expect((await messages.findById(q2!.id))!.parent_id).toBe(a1!.id);

      // A retry of the first reply: its version replaces it on the path, the later turn stays behind.
      const [, retry] = turn(user.id, chat.id, at(12));
      await messages.insertTurn(chat.id, user.id, [{ ...retry!, parent_id: q1!.id }], 10);
      await messages.end(retry!.id, ending('completed', 'one again'));
      expect(await ids()).toEqual([q1!.id, retry!.id]);
      expect(await messages.versionsOf((await messages.findById(a1!.id))!)).toEqual([a1!.id, retry!.id]);
      expect(await messages.versionsOf((await messages.findById(q1!.id))!)).toEqual([q1!.id]);
      const { tree } = await messages.currentPath(chat.id);
      expect(tree.newestBelow(a1!.id)!.id).toBe(a2!.id);
      expect(tree.versionsOf(tree.find(retry!.id)!)).toEqual([a1!.id, retry!.id]);

      expect(await messages.setCurrent(chat.id, a2!.id)).toBeNull();
      expect(await ids()).toEqual([q1!.id, a1!.id, q2!.id, a2!.id]);
      // No move while a reply streams.
      const [q3, a3] = turn(user.id, chat.id, at(13));
      await messages.insertTurn(chat.id, user.id, [q3!, { ...a3!, parent_id: q3!.id }], 10, true);
      expect(await messages.setCurrent(chat.id, retry!.id)).toBe('chat_busy');
      expect(await ids()).toEqual([q1!.id, a1!.id, q2!.id, a2!.id, q3!.id, a3!.id]);
    });

    it('migrates chats written before versions into one path each, earlier retries becoming versions', async () => {
      const target = await database();
      const dialect = target.config.kind === 'sqlite' ? sqliteDialect(target.config.path) : postgresDialect(target.config.url);
      const old = new Kysely<any>({ dialect: dialect.dialect });
      const migrator = new Migrator({ db: old, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('002-knowledge-base')).error).toBeUndefined();
      await old
        .insertInto('users')
        .values({ id: 'u', email: 'old@example.com', password_hash: 'x', created_at: at(0) })
        .execute();
      await old
        .insertInto('chats')
        .values({ id: 'c', user_id: 'u', title: 't', model: 'offline', created_at: at(0) })
        .execute();
      const common = { chat_id: 'c', user_id: 'u', status: 'completed', content: 'x', thinking: '[]' };
      // Before versions, a retry of the first reply came last in the chat.
      const rows = [
        ['q1', 'user', null],
        ['a1', 'assistant', 'q1'],
        ['q2', 'user', null],
        ['a2', 'assistant', 'q2'],
        ['a1b', 'assistant', 'q1'],
      ] as const;
      for (const [i, [id, role, replyTo]] of rows.entries()) {
        await old
          .insertInto('messages')
          .values({ ...common, id, role, reply_to: replyTo, created_at: at(10 + i), updated_at: at(10 + i) })
          .execute();
      }
      await old.destroy();

      const migrated = await openStore(target.config);
      try {
        const store = new MessageStore(migrated.kysely, migrated.dialect);
        const { tree, path } = await store.currentPath('c');
        expect(path.map((m) => m.id)).toEqual(['q1', 'a1b']);
        expect(tree.versionsOf(tree.find('a1b')!)).toEqual(['a1', 'a1b']);
        expect(tree.pathTo(tree.newestBelow('a1')!.id).map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2']);
      } finally {
        await migrated.close();
        await target.cleanup();
      }
    });

    it('deletes a chat with its messages', async () => {
      const { user, chat } = await userWithChat();
      const [question, reply] = turn(user.id, chat.id);
      await messages.insertTurn(chat.id, user.id, [question!, reply!], 10);
      expect(await chats.delete(user.id, chat.id)).toBe(true);
      expect(await messages.findById(reply!.id)).toBeUndefined();
    });
  });
}
