import { randomBytes } from "node:crypto";
import { SecretBox, UnopenableSecretError } from "../src/auth/secret-box";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const box = new SecretBox(randomBytes(32).toString("hex"));

describe("a secret box", () => {
  it("opens what it sealed, and seals the same secret differently each time", () => {
    const sealed = box.seal(secret);
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(sealed).not.toContain("whsec_");
    expect(sealed.length).toBeLessThanOrEqual(200);
    expect(box.open(sealed)).toBe(secret);
    expect(box.seal(secret)).not.toBe(sealed);
  });

  it("refuses a sealed value that was altered", () => {
    const [version, iv, ciphertext, tag] = box.seal(secret).split(".");
    const flipped = (part: string) => {
      const bytes = Buffer.from(part, "base64url");
      bytes[0] ^= 1;
      return bytes.toString("base64url");
    };
    for (const altered of [[version, iv, flipped(ciphertext), tag], [version, iv, ciphertext, flipped(tag)], [version, flipped(iv), ciphertext, tag]]) {
      expect(() => box.open(altered.join("."))).toThrow(UnopenableSecretError);
    }
  });

  it("refuses what another key sealed, and what was never sealed", () => {
    const sealed = new SecretBox(randomBytes(32).toString("hex")).seal(secret);
    expect(() => box.open(sealed)).toThrow(/sealed under another key/);
    expect(box.opens(sealed)).toBe(false);
    expect(() => box.open(secret)).toThrow(UnopenableSecretError);
    expect(() => box.open("v2.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA")).toThrow(/not a sealed secret/);
  });

  it("derives the same key from the same COGOV_JWT_SECRET, so every instance opens what another sealed", () => {
    const root = randomBytes(32).toString("hex");
    expect(new SecretBox(root).open(new SecretBox(root).seal(secret))).toBe(secret);
  });
});
