import crypto from 'node:crypto';

/** A secret's SHA-256 in hex: what is stored of session tokens, API keys and one-time links. */
export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
