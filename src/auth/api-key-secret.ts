import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Keys look like `cgk_<public id>_<secret>`: the prefix says what it is, the id finds it, the secret proves it. */
export const API_KEY_PREFIX = "cgk_";
const FORMAT = /^cgk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKeySecret {
  plaintext: string;
  publicId: string;
  secretHash: string;
}

export function newApiKeySecret(): NewApiKeySecret {
  const publicId = randomBytes(9).toString("base64url").replace(/[-_]/g, "x").slice(0, 12);
  const secret = randomBytes(32).toString("base64url");
  return { plaintext: `${API_KEY_PREFIX}${publicId}_${secret}`, publicId, secretHash: hashSecret(secret) };
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

export function parseApiKey(credential: string): { publicId: string; secret: string } | undefined {
  const match = FORMAT.exec(credential);
  return match ? { publicId: match[1], secret: match[2] } : undefined;
}

// The secret has 256 random bits, so one SHA-256 round is enough (no guessing to slow down).
function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
