/**
 * Text a person or a client sends must be text: no NUL (PostgreSQL cannot store it, and it marks binary
 * data) and no lone UTF-16 surrogate (which every encoder silently folds into U+FFFD, so `pass\ud800` and
 * `pass\udfff` would become the same password). In `u` mode a paired surrogate is one code point, so
 * `\p{Cs}` matches only the lone ones.
 */
const notText = /[\u0000\p{Cs}]/u;

export const isCleanText = (text: string): boolean => !notText.test(text);
