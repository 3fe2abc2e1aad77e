import { Field, InputType } from "type-graphql";

/** What every mutation's input takes besides its own fields. Decorated so the field is inherited; never printed, as no field takes it. */
@InputType()
export abstract class MutationInput {
  @Field(() => String, {
    nullable: true,
    description: "Any string of 1 to 100 characters that you send again when retrying this request: it is carried out once, and a retry within 24 hours gets the first answer (marked extensions.idempotentReplay). Keys are per caller; one mutation per request.",
  })
  idempotencyKey?: string | null;
}
