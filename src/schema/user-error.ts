import { ClassType, Ctx, Field, FieldResolver, ObjectType, registerEnumType, Resolver, Root } from "type-graphql";
import { currentRequestScope } from "../db/request-scope";
import { Text } from "../i18n/text";
import { FieldProblem, UserErrorCode, UserInputError } from "../services/errors";
import type { Context } from "./context";

registerEnumType(UserErrorCode, {
  name: "UserErrorCode",
  description: "What is wrong with an input field.",
  valuesConfig: {
    REQUIRED: { description: "The field is missing." },
    BLANK: { description: "The field holds only spaces or nothing." },
    TOO_LONG: { description: "The field is longer than its limit, which the message names." },
    INVALID: { description: "The field is malformed (an id of the wrong type, a bad URL, phone number or date)." },
    TAKEN: { description: "The value is already taken or the thing already done (a slug another organisation holds, a person already registered, a line given twice)." },
    NOT_FOUND: { description: "The field names an object that does not exist or that the caller cannot see." },
    OUT_OF_RANGE: { description: "The number or date is outside what is allowed (such as a quantity below 1 or a date in the past)." },
    CYCLE: { description: "The change would make an organisation its own ancestor (its parent sits under it)." },
    NOT_PERMITTED: { description: "The acting organisation or person has no right to do this (not a partner, not the lead, not the pledger)." },
    INVALID_TRANSITION: { description: "The object's status does not allow this step." },
    EXCEEDS_REMAINING: { description: "More than a need has left, or than a pledge committed." },
    QUORUM_NOT_MET: { description: "Too few of a council's members are present to vote." },
  },
});

@ObjectType("UserError", { simpleResolvers: true, description: "A mistake in a mutation's input that the caller can fix. Nothing was written." })
export class UserError implements FieldProblem {
  @Field(() => [String], { description: 'Path to the input field, e.g. ["input", "name"].' })
  field: string[];

  @Field(() => String, { description: "What is wrong and how to fix it, in the caller's language (Accept-Language: zh-Hant, zh-Hans or en)." })
  message: string;

  @Field(() => UserErrorCode, { description: "The kind of mistake, stable for programs to branch on." })
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
  const mutation = name.replace(/Payload$/, "").replace(/^./, (letter) => letter.toLowerCase());
  @ObjectType(name, { simpleResolvers: true, description: `What \`${mutation}\` answers: the ${field} as saved, or the userErrors that stopped it.` })
  class MutationPayload {
    @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
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
  const committedResult = currentRequestScope()?.idempotency?.committedResult;
  if (committedResult) return { result: (await committedResult()) as T | null, userErrors: [] };
  try {
    return { result: await work(), userErrors: [] };
  } catch (error) {
    if (error instanceof UserInputError) return { result: null, userErrors: error.problems };
    throw error;
  }
}
