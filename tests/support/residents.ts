import { SignJWT } from "jose";
import type { TestServer } from "./test-server";

let batch = 0;

/**
 * `count` registered residents, each as the headers of their signed-in account. Made in SQL and signed here:
 * signing in over HTTP is throttled per client address, and concurrency tests need more people than that.
 */
export async function residents(server: TestServer, count: number, skills: string[] = []): Promise<Record<string, string>[]> {
  const rows: { id: string }[] = await server.dataSource.query(
    `INSERT INTO app_user (email, display_name) SELECT $1 || '-' || n || '@example.org', '居民' || n FROM generate_series(1, $2) n RETURNING id`,
    [`resident-${Date.now().toString(36)}-${(batch += 1)}`, count],
  );
  await server.dataSource.query(
    `INSERT INTO person (label, display_name, user_id, skills) SELECT '志願者-' || upper(substr(md5(id::text), 1, 8)), display_name, id, $2 FROM app_user WHERE id = ANY($1::uuid[])`,
    [rows.map((row) => row.id), skills],
  );
  const secret = new TextEncoder().encode(server.jwtSecret);
  return Promise.all(
    rows.map(async ({ id }) => ({
      authorization: `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(id).setIssuer("cogov").setAudience("cogov-api").setIssuedAt().setExpirationTime("1h").sign(secret)}`,
    })),
  );
}
