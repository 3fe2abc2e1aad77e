import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, JWTVerifyGetKey, SignJWT } from "jose";
import { Config, ConfigError } from "../config";
import { UUID_KEY } from "../db/row-key";
import { t, Text } from "../i18n/text";
import { DomainError } from "../services/errors";

const ISSUER = "cogov";
const AUDIENCE = "cogov-api";

export interface TokenSettings {
  /** HS256 key for the tokens signIn issues. */
  secret: Uint8Array;
  ttlSeconds: number;
  /** An identity provider whose tokens are accepted too; they name the user by email. */
  oidc?: { issuer: string; jwksUrl: string; audience?: string };
}

/** Whom a valid token names: a Cogov user id, or the email an identity provider vouches for. */
export type TokenSubject = { userId: string } | { email: string };

export class Tokens {
  private readonly providerKeys?: JWTVerifyGetKey;

  constructor(private readonly settings: TokenSettings) {
    if (settings.oidc) this.providerKeys = createRemoteJWKSet(new URL(settings.oidc.jwksUrl));
  }

  async issue(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.settings.ttlSeconds * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.settings.secret);
    return { token, expiresAt };
  }

  async verify(token: string): Promise<TokenSubject> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw invalid(t("auth.tokenNotJwt"));
    }
    try {
      if (issuer === ISSUER) {
        const { payload } = await jwtVerify(token, this.settings.secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
        // Signed by us yet naming no user id (a leaked key, a hand-made token): as invalid as a bad signature.
        if (typeof payload.sub !== "string" || !UUID_KEY.test(payload.sub)) throw invalid(t("auth.tokenInvalid"));
        return { userId: payload.sub };
      }
      const oidc = this.settings.oidc;
      if (oidc && this.providerKeys && issuer === oidc.issuer) {
        const { payload } = await jwtVerify(token, this.providerKeys, { issuer: oidc.issuer, audience: oidc.audience });
        if (typeof payload.email !== "string") throw invalid(t("auth.tokenWithoutEmail"));
        return { email: payload.email.toLowerCase() };
      }
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw invalid(t("auth.tokenExpired"));
      if (error instanceof DomainError) throw error;
      throw invalid(t("auth.tokenInvalid"));
    }
    throw invalid(issuer === undefined ? t("auth.tokenIssuerMissing") : t("auth.tokenIssuerRefused", { issuer }));
  }
}

function invalid(text: Text): DomainError {
  return new DomainError("UNAUTHENTICATED", text);
}

/**
 * The token key: COGOV_JWT_SECRET when set; for the embedded database one is made on first start
 * and kept beside it, so tokens outlive a restart. Instances sharing a database must share a key.
 */
export async function resolveJwtSecret(config: Config): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  if (config.databaseUrl) {
    throw new ConfigError("With DATABASE_URL, set COGOV_JWT_SECRET to a random string of at least 32 characters, the same on every instance (e.g. `openssl rand -base64 32`).");
  }
  const file = path.join(config.dataDir, "jwt-secret");
  let secret = (await readFile(file, "utf8").catch(() => "")).trim();
  if (!secret) {
    secret = randomBytes(32).toString("base64url");
    await writeFile(file, secret + "\n", { mode: 0o600 });
  }
  return secret;
}
