import { createHash } from "node:crypto";
import { ApolloServerPlugin, HeaderMap } from "@apollo/server";
import { Kind, OperationDefinitionNode, valueFromASTUntyped } from "graphql";
import { viewerKey } from "../auth/viewer";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import type { Logger } from "../logger";
import type { IdempotencyService } from "../services/idempotency";
import type { Context } from "./context";
import { toGraphQLError } from "./errors";

const MAX_KEY_LENGTH = 100;
// Deep enough for any input this API takes; JSON.stringify, which the fingerprint uses, overflows the stack near 10,000.
const MAX_VARIABLES_DEPTH = 64;
// Control characters: PostgreSQL cannot store U+0000, and none belongs in a key a client makes up.
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * `input.idempotencyKey` on mutations, over HTTP: a request carrying a key seen before (from the same
 * caller, within 24 hours) gets the first answer again and changes nothing; a new key is recorded in
 * the mutation's own transaction (services/input-rules.ts), and the answer is kept once it is sent.
 */
export function idempotencyPlugin(keys: IdempotencyService, log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let replay: Record<string, unknown> | undefined;
      return {
        async didResolveOperation({ operation, request, source, contextValue }) {
          if (!operation) return;
          const key = idempotencyKeyOf(operation, request.variables ?? {});
          const { viewer, client, scope } = contextValue;
          if (key === undefined || !scope) return;
          const claim = {
            // Anonymous callers (signing up) are told apart by address, besides the fingerprint.
            scope: viewer.kind === "anonymous" ? `anonymous:${client}` : viewerKey(viewer),
            key,
            fingerprint: fingerprintOf(source, request.operationName ?? null, request.variables ?? {}),
            recorded: false,
          };
          const seen = await keys.find(claim.scope, key);
          if (!seen) {
            scope.idempotency = claim;
            return;
          }
          if (seen.fingerprint !== claim.fingerprint) throw toGraphQLError(new DomainError("CONFLICT", t("idempotency.otherRequest")));
          if (seen.response) {
            replay = seen.response;
          } else if (seen.committedResult) {
            // Committed, answer not kept: answered again from the object it returned, and that answer kept.
            scope.idempotency = { ...claim, recorded: true, committedResult: seen.committedResult };
          } else if (seen.recent) {
            throw toGraphQLError(new DomainError("CONFLICT", t("idempotency.inProgress"), { retryAfterSeconds: 1 }));
          } else {
            throw toGraphQLError(new DomainError("CONFLICT", t("idempotency.answerLost")));
          }
        },
        async responseForOperation() {
          if (!replay) return null;
          const extensions = { ...(replay.extensions as object | undefined), idempotentReplay: true };
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: "single", singleResult: { ...replay, extensions } } };
        },
        async willSendResponse({ response, contextValue }) {
          const claim = contextValue.scope?.idempotency;
          if (!claim?.recorded || response.body.kind !== "single") return;
          const answer = response.body.singleResult;
          if (claim.committedResult) answer.extensions = { ...answer.extensions, idempotentReplay: true };
          // An answer with errors (an outage while it was read) is not kept: a retry makes it again from the committed object.
          if (answer.errors?.length) return;
          await keys.keepResponse(claim, answer).catch((error: unknown) => log.warn({ err: error, idempotencyKey: claim.key }, "the answer to an idempotent request could not be kept; a retry makes it again"));
        },
      };
    },
  };
}

/** The key in the operation's `input`, if any; a key is only taken from a request with one mutation. */
function idempotencyKeyOf(operation: OperationDefinitionNode, variables: Record<string, unknown>): string | undefined {
  if (operation.operation !== "mutation") return undefined;
  const keys = operation.selectionSet.selections.map((selection) => {
    if (selection.kind !== Kind.FIELD) return undefined;
    const input = selection.arguments?.find((argument) => argument.name.value === "input");
    const value = input ? (valueFromASTUntyped(input.value, variables) as { idempotencyKey?: unknown } | null) : null;
    return typeof value?.idempotencyKey === "string" ? value.idempotencyKey : undefined;
  });
  const key = keys.find((candidate) => candidate !== undefined);
  if (key === undefined) return undefined;
  if (operation.selectionSet.selections.length > 1) throw toGraphQLError(new DomainError("BAD_USER_INPUT", t("idempotency.oneMutation")));
  const length = [...key].length;
  if (length < 1 || length > MAX_KEY_LENGTH) throw toGraphQLError(new DomainError("BAD_USER_INPUT", t("idempotency.keyLength", { length })));
  const control = CONTROL_CHARACTER.exec(key)?.[0];
  if (control !== undefined) {
    const character = `U+${control.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    throw toGraphQLError(new DomainError("BAD_USER_INPUT", t("idempotency.keyCharacters", { character })));
  }
  return key;
}

/** What tells a retry from another request under the same key; the same text for the same request, as stored keys expect. */
function fingerprintOf(source: string | undefined, operationName: string | null, variables: Record<string, unknown>): string {
  if (depthOf(variables) > MAX_VARIABLES_DEPTH) throw toGraphQLError(new DomainError("BAD_USER_INPUT", t("idempotency.variablesTooDeep", { max: MAX_VARIABLES_DEPTH })));
  return createHash("sha256").update(JSON.stringify([source, operationName, variables])).digest("hex");
}

/** How deeply arrays and objects nest in `value`, measured without recursion so no depth can overflow the stack. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== "object") continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_VARIABLES_DEPTH) return deepest;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return deepest;
}
