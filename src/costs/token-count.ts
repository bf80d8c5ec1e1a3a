/**
 * Counts tokens when a provider reported none (a stopped stream), with a real BPE tokenizer:
 * gpt-tokenizer's o200k_base, the encoding of OpenAI's current models. Anthropic publishes no tokenizer
 * for its current models, so their counts use the same encoding: close, not exact, which is why every
 * counted cost is marked `estimated`. Loaded on first use (about 70 MB of tables), never at start-up.
 */
type Encode = (text: string) => number[];

let loading: Promise<Encode> | undefined;

export function loadTokenizer(): Promise<Encode> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then((module) => module.encode);
  return loading;
}

/** The tokens of some text, once the tokenizer is loaded. */
export async function countTokens(text: string): Promise<number> {
  return text ? (await loadTokenizer())(text).length : 0;
}

/** Counts synchronously, for a stream that must decide at each piece; undefined until loaded. */
export class TokenCounter {
  private encode: Encode | undefined;

  async ready(): Promise<this> {
    this.encode = await loadTokenizer();
    return this;
  }

  count(text: string): number {
    return text && this.encode ? this.encode(text).length : 0;
  }
}
