/** postNeed over HTTP as an integrator's program sends it; imports nothing heavy, so a worker thread can use it too. */

const POST_NEED = "mutation ($input: PostNeedInput!) { postNeed(input: $input) { need { id } userErrors { field message code } } }";

export interface NeedPosting {
  graphqlUrl: string;
  authorization: string;
  /** PostNeedInput without the title. */
  input: Record<string, unknown>;
}

/** Posts one need; throws unless it was created. */
export async function postNeed({ graphqlUrl, authorization, input }: NeedPosting, title: string): Promise<void> {
  const response = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ query: POST_NEED, variables: { input: { ...input, title } } }),
  });
  const text = await response.text();
  let created = false;
  try {
    const body = JSON.parse(text) as { data?: { postNeed?: { need?: unknown; userErrors?: unknown[] } }; errors?: unknown[] };
    created = !body.errors?.length && !body.data?.postNeed?.userErrors?.length && !!body.data?.postNeed?.need;
  } catch {
    // Not JSON: reported below with the text.
  }
  if (response.status !== 200 || !created) throw new Error(`postNeed failed: HTTP ${response.status}, ${text.slice(0, 300)}`);
}
