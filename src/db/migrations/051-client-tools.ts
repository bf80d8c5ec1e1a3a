import type { Kysely } from 'kysely';

/**
 * `messages.client_tools`: the tools the client that asked for a reply declared itself (the OpenAI API's
 * `tools`), as JSON; the model is offered them beside the chat's, and its calls to them end the reply, handed
 * back to that client to run. Null for every other reply.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('client_tools', 'text').execute();
}
