import { z } from 'zod';
import { storedFrames } from '../../streams/stored-frames.ts';
import type { StoredReply } from '../../streams/stored-reply.ts';
import { UiMessageChunks } from './ui-message-chunks.ts';

/** A tool part the client answered with `addToolApprovalResponse`. */
const answeredPart = z.looseObject({
  toolCallId: z.string().min(1).max(200),
  state: z.literal('approval-responded'),
  approval: z.looseObject({ approved: z.boolean() }),
});

export interface ApprovalResponse {
  toolCallId: string;
  approved: boolean;
}

/**
 * The user's decisions an AI SDK client sends the AI SDK way: after `addToolApprovalResponse`, its next
 * request ends with the reply itself, whose answered tool parts say `approval-responded`.
 */
export function approvalResponses(parts: unknown[]): ApprovalResponse[] {
  return parts.flatMap((part) => {
    const answered = answeredPart.safeParse(part);
    return answered.success ? [{ toolCallId: answered.data.toolCallId, approved: answered.data.approval.approved }] : [];
  });
}

/** The number of the last chunk a client was sent of a reply that waits for a decision: its stream stopped there. */
export function lastChunkOfWait(row: StoredReply): number {
  const mapping = new UiMessageChunks(row.id);
  return [...mapping.opening(), ...mapping.of(storedFrames(row, 0))].at(-1)!.number;
}
