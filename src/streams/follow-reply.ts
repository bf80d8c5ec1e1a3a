import type { StoredReply } from './stored-reply.ts';
import { openFollower, type Delivery, type FollowDeps, type FollowOptions } from './reply-follower.ts';

/**
 * A reply follower for consumers that pull: each delivery is handed over when the consumer asks for the
 * next one, and what is appended meanwhile is gathered into the delivery after it. The browser stream
 * pulls (it renders and paces its frames); the JSON event stream is pushed to (`openFollower`). A `from`
 * past the reply's text throws ResumeBeyondReply at the first `next()`.
 */
export async function* followReply(deps: FollowDeps, message: StoredReply, options: FollowOptions): AsyncGenerator<Delivery, void, void> {
  const follower = await openFollower(deps, message, options);
  let offered: { delivery: Delivery; taken: (more: boolean) => void } | undefined;
  let outcome: { error?: unknown } | undefined;
  let wake: (() => void) | undefined;
  follower
    .run((delivery) => new Promise<boolean>((taken) => ((offered = { delivery, taken }), wake?.())))
    .then(
      () => (outcome = {}),
      (error: unknown) => (outcome = { error }),
    )
    .finally(() => wake?.());
  try {
    for (;;) {
      if (!offered && !outcome) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (offered) {
        const { delivery, taken } = offered;
        offered = undefined;
        yield delivery;
        taken(true);
      } else if (outcome) {
        if ('error' in outcome) throw outcome.error;
        return;
      }
    }
  } finally {
    follower.close();
    offered?.taken(false);
  }
}
