import { TestServer } from "./test-server";

export interface UserError {
  field: string[];
  code: string;
  message: string;
}

/**
 * Runs a mutation that takes `input`, as the demo admin of its acting organisation, expects no
 * top-level errors, and returns its payload.
 */
export async function mutate<T = Record<string, unknown>>(
  server: TestServer,
  mutation: string,
  inputType: string,
  input: Record<string, unknown>,
  selection: string,
): Promise<T & { userErrors: UserError[] }> {
  const headers = typeof input.actingOrganizationId === "string" ? await server.asAdminOf(input.actingOrganizationId).catch(() => ({})) : {};
  const { body } = await server.graphql<Record<string, T & { userErrors: UserError[] }>>(
    `mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${selection} userErrors { field code message } } }`,
    { input },
    headers,
  );
  if (body.errors) throw new Error(`${mutation} failed: ${JSON.stringify(body.errors)}`);
  return body.data![mutation];
}

/** Global IDs of demo organisations by slug. */
export async function organizationIds(server: TestServer, slugs: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    slugs.map(async (slug) => {
      const { body } = await server.graphql<{ organization: { id: string } }>(`query ($slug: String!) { organization(slug: $slug) { id } }`, { slug });
      return [slug, body.data!.organization.id] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/**
 * Mutations sent with the caller's own headers: `call` returns the payload (no top-level errors allowed),
 * `as` also expects no userErrors, `problems` lists the userErrors' fields and codes.
 */
export function mutationsAs(server: () => TestServer) {
  async function call<T>(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>, selection: string) {
    const { body } = await server().graphql<Record<string, T & { userErrors: UserError[] }>>(
      `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
      { input },
      headers,
    );
    expect(body.errors).toBeUndefined();
    return body.data![name];
  }
  async function as<T>(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>, selection: string): Promise<T> {
    const payload = await call<T>(headers, name, inputType, input, selection);
    expect([name, payload.userErrors]).toEqual([name, []]);
    return payload;
  }
  async function problems(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>): Promise<[string, string][]> {
    const payload = await call(headers, name, inputType, input, "__typename");
    return payload.userErrors.map((error) => [error.field.join("."), error.code]);
  }
  return { call, as, problems };
}
