import { Field, Float, ID, InputType, Int } from "type-graphql";
import { Activity, ActivityKind, ActivityStatus } from "../../entities/community/activity";
import { Skill } from "../../entities/community/person";
import { ShiftSignUp } from "../../entities/community/shift-sign-up";
import { MutationInput } from "../mutation-input";
import { Connection } from "../connection";
import { Payload } from "../user-error";

export const ActivityConnection = Connection("Activity", Activity);
export const ShiftSignUpConnection = Connection("ShiftSignUp", ShiftSignUp);
export type ShiftSignUpConnection = InstanceType<typeof ShiftSignUpConnection>;
export type ActivityConnection = InstanceType<typeof ActivityConnection>;

@InputType("ActivityFilter", { description: "Every field narrows the list; an empty filter lists every activity you may read." })
export class ActivityFilterInput {
  @Field(() => [ActivityStatus], { nullable: true, description: "Any of these statuses; DRAFTs show only to the organiser's members and keys." })
  statuses?: ActivityStatus[] | null;

  @Field(() => [ActivityKind], { nullable: true, description: "Any of these kinds." })
  kinds?: ActivityKind[] | null;

  @Field(() => String, { nullable: true, description: "Activities in this area or below it." })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Activities this organisation organises." })
  organizationId?: string | null;
}

@InputType("ShiftInput", { description: "One shift of an activity: when it runs and how many places it has." })
export class ShiftInput {
  @Field(() => Date, { description: "When the shift starts." })
  startsAt: Date;

  @Field(() => Date, { description: "After startsAt." })
  endsAt: Date;

  @Field(() => Int, { description: "1 to 10,000 places; later sign-ups wait in line." })
  capacity: number;

  @Field(() => [Skill], { nullable: true, description: "Skills every person signing up must have." })
  requiredSkills?: Skill[] | null;
}

@InputType("CreateActivityInput", { description: "What `createActivity` takes." })
export class CreateActivityInput extends MutationInput {
  @Field(() => ID, { description: "The organiser; you act as its COORDINATOR or above." })
  actingOrganizationId: string;

  @Field(() => ID, { nullable: true, description: "A project the organiser takes part in, if the activity serves one." })
  projectId?: string | null;

  @Field(() => ID, { nullable: true, description: "A live VOLUNTEERS need of that project: confirmed sign-ups count toward its pledged quantity, one person each." })
  needId?: string | null;

  @Field(() => ActivityKind, { description: "What kind of activity it is." })
  kind: ActivityKind;

  @Field(() => String, { description: "1 to 200 characters." })
  title: string;

  @Field(() => String, { nullable: true, description: "Up to 5,000 characters." })
  description?: string | null;

  @Field(() => String, { description: "Code of the area where it is held." })
  areaCode: string;

  @Field(() => String, { nullable: true, description: "Where, in words; up to 300 characters." })
  place?: string | null;

  @Field(() => [ShiftInput], { description: "1 to 20 shifts." })
  shifts: ShiftInput[];
}

@InputType("ChangeActivityStatusInput", { description: "DRAFT → PUBLISHED → COMPLETED, or CANCELLED from DRAFT or PUBLISHED." })
export class ChangeActivityStatusInput extends MutationInput {
  @Field(() => ID, { description: "The organiser." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the activity." })
  activityId: string;

  @Field(() => ActivityStatus, { description: "The status to move the activity to." })
  status: ActivityStatus;
}

@InputType("SignUpForShiftInput", { description: "What `signUpForShift` takes." })
export class SignUpForShiftInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the shift." })
  shiftId: string;
}

/** The signed-in person acting on their own sign-up. */
@InputType()
abstract class OwnSignUpInput extends MutationInput {
  @Field(() => ID, { description: "Your sign-up." })
  signUpId: string;
}

@InputType("CancelSignUpInput", { description: "What `cancelSignUp` takes." })
export class CancelSignUpInput extends OwnSignUpInput {}

@InputType("CheckInInput", { description: "What `checkIn` takes." })
export class CheckInInput extends OwnSignUpInput {}

@InputType("CheckOutInput", { description: "What `checkOut` takes." })
export class CheckOutInput extends OwnSignUpInput {}

@InputType("RecordHoursInput", { description: "What `recordHours` takes." })
export class RecordHoursInput extends MutationInput {
  @Field(() => ID, { description: "The organiser." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the sign-up whose hours are recorded." })
  signUpId: string;

  @Field(() => Float, { description: "Hours served, more than 0 and at most the shift's length; kept to the hundredth." })
  hours: number;
}

@InputType("VerifyHoursInput", { description: "What `verifyHours` takes." })
export class VerifyHoursInput extends MutationInput {
  @Field(() => ID, { description: "The organiser." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the sign-up whose hours are verified." })
  signUpId: string;
}

export const CreateActivityPayload = Payload("CreateActivityPayload", "activity", Activity);
export const ChangeActivityStatusPayload = Payload("ChangeActivityStatusPayload", "activity", Activity);
export const SignUpForShiftPayload = Payload("SignUpForShiftPayload", "signUp", ShiftSignUp);
export const CancelSignUpPayload = Payload("CancelSignUpPayload", "signUp", ShiftSignUp);
export const CheckInPayload = Payload("CheckInPayload", "signUp", ShiftSignUp);
export const CheckOutPayload = Payload("CheckOutPayload", "signUp", ShiftSignUp);
export const RecordHoursPayload = Payload("RecordHoursPayload", "signUp", ShiftSignUp);
export const VerifyHoursPayload = Payload("VerifyHoursPayload", "signUp", ShiftSignUp);
