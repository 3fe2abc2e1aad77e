import { ClassType, Ctx, Field, FieldResolver, ObjectType, registerEnumType, Resolver, Root } from "type-graphql";
import { requestScope } from "../db/request-scope";
import { Text } from "../i18n/text";
import { FieldProblem, UserErrorCode, UserInputError } from "../services/errors";
import type { Context } from "./context";

registerEnumType(UserErrorCode, { name: "UserErrorCode", description: "What is wrong with an input field." });

@ObjectType("UserError", { simpleResolvers: true, description: "A mistake in a mutation's input that the caller can fix. Nothing was written." })
export class UserError implements FieldProblem {
  @Field(() => [String], { description: 'Path to the input field, e.g. ["input", "name"].' })
  field: string[];

  @Field(() => String)
  message: string;

  @Field(() => UserErrorCode)
  code: UserErrorCode;

  text: Text;
}

/** Shows each userError's message in the caller's language. */
@Resolver(() => UserError)
export class UserErrorResolver {
  @FieldResolver(() => String)
  message(@Root() problem: FieldProblem, @Ctx() { locale }: Context): string {
    return problem.text.render(locale);
  }
}

/** A mutation payload `<name>` holding the changed object under `field`, and `userErrors`. */
export function Payload<T extends object>(name: string, field: string, type: ClassType<T>) {
  @ObjectType(name, { simpleResolvers: true })
  class MutationPayload {
    @Field(() => [UserError])
    userErrors: UserError[];
  }
  Field(() => type, { nullable: true, description: "The object as saved; null when userErrors is not empty." })(MutationPayload.prototype, field);
  return MutationPayload;
}

/** Runs a mutation and shapes its payload: the result under `field`, fixable input mistakes as `userErrors`. */
export async function payloadOf<T>(field: string, work: () => Promise<T>): Promise<{ userErrors: UserError[] }> {
  const { result, userErrors } = await withUserErrors(work);
  return { [field]: result, userErrors };
}

/**
 * Runs a mutation; fixable input mistakes become `userErrors`, everything else stays an error. A retry
 * of a mutation that committed but whose answer was lost answers with the object it returned then.
 */
export async function withUserErrors<T>(work: () => Promise<T>): Promise<{ result: T | null; userErrors: UserError[] }> {
  const committedResult = requestScope.getStore()?.idempotency?.committedResult;
  if (committedResult) return { result: (await committedResult()) as T | null, userErrors: [] };
  try {
    return { result: await work(), userErrors: [] };
  } catch (error) {
    if (error instanceof UserInputError) return { result: null, userErrors: error.problems };
    throw error;
  }
}
