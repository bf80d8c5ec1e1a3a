import { expectedText, tokenText } from '../src/testing/fake-provider/text.ts';

/** What a subscriber must assemble: the fake provider's text, and where each token ends in it. */
export interface ExpectedReply {
  text: string;
  /** `ends[i]`: the text position just past token i. */
  ends: Int32Array;
}

export function expectedReply(tokens: number): ExpectedReply {
  const ends = new Int32Array(tokens);
  let position = 0;
  for (let i = 0; i < tokens; i++) {
    position += tokenText(i).length;
    ends[i] = position;
  }
  return { text: expectedText(tokens), ends };
}
