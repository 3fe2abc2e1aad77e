import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// A key of its own, derived for this one use, so the token-signing key never encrypts anything itself.
const INFO = "cogov webhook secrets v1";
const SEALED = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/;

/** A value that was not sealed, was altered, or was sealed under another key (COGOV_JWT_SECRET changed). */
export class UnopenableSecretError extends Error {}

/**
 * Secrets that must be read back to be used (webhook signing keys cannot be hashed), kept encrypted so a
 * database dump or backup does not reveal them: AES-256-GCM under a key derived from the deployment's
 * COGOV_JWT_SECRET. Sealed values read `v1.<iv>.<ciphertext>.<tag>`, each part base64url.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(rootSecret: string) {
    this.key = Buffer.from(hkdfSync("sha256", rootSecret, Buffer.alloc(0), INFO, 32));
  }

  seal(plaintext: string): string {
    // GCM needs an IV never repeated under one key: 96 random bits each time.
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `v1.${[iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url")).join(".")}`;
  }

  open(sealed: string): string {
    const parts = SEALED.exec(sealed);
    if (!parts) throw new UnopenableSecretError("not a sealed secret");
    const [iv, ciphertext, tag] = parts.slice(1).map((part) => Buffer.from(part, "base64url"));
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    } catch {
      throw new UnopenableSecretError("the secret was sealed under another key (COGOV_JWT_SECRET changed?) or altered");
    }
  }

  /** Whether `open` would succeed. */
  opens(sealed: string): boolean {
    try {
      this.open(sealed);
      return true;
    } catch {
      return false;
    }
  }
}
