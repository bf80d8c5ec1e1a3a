import { describe, expect, it } from 'vitest';
import { EndingTurns } from '../../src/generation/ending-turns.ts';

describe('EndingTurns', () => {
  it('gives replies that end together a turn of the event loop each, in the order they asked', async () => {
    const turns = new EndingTurns();
    // Counts the event loop's turns, as the tokens of other replies arriving would use them.
    let loopTurn = 0;
    let ticking = true;
    const tick = () => {
      loopTurn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const order: number[] = [];
    const turnsTaken = await Promise.all(
      [0, 1, 2, 3].map((ending) =>
        turns.next().then(() => {
          order.push(ending);
          return loopTurn;
        }),
      ),
    );
    ticking = false;
    expect(order).toEqual([0, 1, 2, 3]);
    expect(new Set(turnsTaken).size).toBe(4);
  });
});
