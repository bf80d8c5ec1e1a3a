import { createHash, randomBytes } from 'node:crypto';

/** API tokens are 256 random bits; only their SHA-256 is stored (a fast hash suffices for a secret that long). */
export const newApiToken = (): string => `hl_${randomBytes(32).toString('base64url')}`;

export const hashApiToken = (token: string): string => createHash('sha256').update(token).digest('hex');
