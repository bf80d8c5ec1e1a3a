import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The user's decisions on tool calls that wait for approval: one per call, ever. A second decision on the
 * same call (a second tab, a double click, two processes at once) is refused by the table's key.
 */
export class ToolDecisionStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a decision; false when the call already had one. */
  async decide(messageId: string, toolCallId: string, approved: boolean, now: string): Promise<boolean> {
    const result = await this.db
      .insertInto('tool_decisions')
      .values({ message_id: messageId, tool_call_id: toolCallId, approved: approved ? 1 : 0, decided_at: now })
      .onConflict((oc) => oc.columns(['message_id', 'tool_call_id']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  /** The decisions on a reply's calls: approved or not, by call id. */
  async of(messageId: string): Promise<Map<string, boolean>> {
    const rows = await this.db.selectFrom('tool_decisions').select(['tool_call_id', 'approved']).where('message_id', '=', messageId).execute();
    return new Map(rows.map((row) => [row.tool_call_id, row.approved === 1]));
  }
}
