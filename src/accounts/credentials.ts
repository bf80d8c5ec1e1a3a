import { z } from 'zod';
import { isCleanText } from '../clean-text.ts';

/** The one rule for an account's email and password, used by the JSON API and the web forms alike. */
export const newCredentials = z.object({
  email: z.email('Enter a valid email address').max(254),
  password: z
    .string()
    .min(8, 'The password must be at least 8 characters')
    .max(256)
    .refine(isCleanText, 'The password must be text, without NUL or unpaired surrogate characters'),
});

/** Signing in checks only the shape: a wrong password is a wrong password, whatever it looks like. */
export const givenCredentials = z.object({
  email: z.string().max(254).refine(isCleanText, 'The email must be text'),
  password: z.string().max(256).refine(isCleanText, 'The password must be text, without NUL or unpaired surrogate characters'),
});
