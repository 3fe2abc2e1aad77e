import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Person, Skill } from "../../entities/community/person";
import { PersonConsent } from "../../entities/community/person-consent";
import { TeamMembership, TeamRole } from "../../entities/community/team-membership";
import { Connection } from "../connection";
import { MutationInput } from "../mutation-input";
import { Payload } from "../user-error";

export const TeamMembershipConnection = Connection("TeamMembership", TeamMembership);
export type TeamMembershipConnection = InstanceType<typeof TeamMembershipConnection>;

@ObjectType("PartyRegistration", { simpleResolvers: true, description: "An in-service Party member's registration (在職黨員到社區報到): where they work, and the community they serve." })
export class PartyRegistration {
  employerOrganizationId: string;
  reportingAreaCode: string;
}

@ObjectType("MyData", { simpleResolvers: true, description: "Everything Cogov holds about the signed-in person." })
export class MyData {
  @Field(() => Person, { nullable: true, description: "Your profile, every field in full; null until you register (registerMyself) or after erasure." })
  person: Person | null;

  @Field(() => [PersonConsent], { description: "Every organisation that holds or held your data: purpose, when you agreed, when you withdrew." })
  consents: PersonConsent[];

  @Field(() => [TeamMembership], { description: "The teams you serve in." })
  teams: TeamMembership[];
}

@InputType("PartyRegistrationInput", { description: "Where a Party member works and which community they report to." })
export class PartyRegistrationInput {
  @Field(() => ID, { description: "The organisation the Party member works for." })
  employerOrganizationId: string;

  @Field(() => String, { description: "Code of the community (an area of level COMMUNITY) they report to." })
  reportingAreaCode: string;
}

/** The profile fields every registering and updating mutation takes. */
@InputType()
abstract class ProfileInput extends MutationInput {
  @Field(() => String, { nullable: true, description: "Up to 100 characters; shown only to you and the admins of organisations you consented to." })
  realName?: string | null;

  @Field(() => String, { nullable: true, description: "A mainland mobile number (138 1234 5678, +86 allowed); others see it masked (138****5678)." })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the area you live in (a community or grid)." })
  homeAreaCode?: string | null;

  @Field(() => [Skill], { nullable: true, description: "Skills offered for volunteer work." })
  skills?: Skill[] | null;

  @Field(() => [String], { nullable: true, description: "BCP 47 tags such as zh, yue, en; at most 10." })
  languages?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the person is a Party member (黨員); personal data, read only by the person and organisations holding their consent." })
  isPartyMember?: boolean | null;

  @Field(() => PartyRegistrationInput, { nullable: true, description: "For in-service Party members only; null clears it." })
  partyRegistration?: PartyRegistrationInput | null;

  @Field(() => String, { nullable: true, description: "Up to 500 characters about availability or needs; cleared on erasure like every personal field." })
  about?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether you agree to be shown by name, with your verified hours and stars, on leaderboards and to every reader; otherwise leaderboards show your pseudonymous label. Off until you turn it on." })
  publicRecognition?: boolean | null;
}

@InputType("RegisterMyselfInput", { description: "What `registerMyself` takes." })
export class RegisterMyselfInput extends ProfileInput {
  @Field(() => String, { description: "The name others see; 1 to 50 characters." })
  displayName: string;
}

@InputType("UpdateMyProfileInput", { description: "Fields left out stay as they are; null clears an optional field." })
export class UpdateMyProfileInput extends ProfileInput {
  @Field(() => String, { nullable: true, description: "The name you show others; unchanged when omitted." })
  displayName?: string | null;
}

@InputType("ConsentInput", { description: "A person's consent to an organisation's use of their data, as they gave it." })
export class ConsentInput {
  @Field(() => String, { description: "What the organisation uses the data for, as the person agreed to it; 1 to 300 characters." })
  purpose: string;

  @Field(() => Date, { nullable: true, description: "When the person agreed (on paper, in person); now when left out. Not in the future." })
  consentedAt?: Date | null;
}

@InputType("RegisterPersonInput", { description: "What `registerPerson` takes." })
export class RegisterPersonInput extends ProfileInput {
  @Field(() => ID, { description: "The organisation registering the person; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { description: "The name others see; 1 to 50 characters." })
  displayName: string;

  @Field(() => ConsentInput, { description: "The consent the person gave the organisation." })
  consent: ConsentInput;
}

@InputType("UpdatePersonInput", { description: "Fields left out stay as they are; null clears an optional field." })
export class UpdatePersonInput extends ProfileInput {
  @Field(() => ID, { description: "An organisation holding the person's consent; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "A person the organisation registered; people with an account update their own profile." })
  personId: string;

  @Field(() => String, { nullable: true, description: "The name the person shows others; unchanged when omitted." })
  displayName?: string | null;
}

@InputType("GrantConsentInput", { description: "What `grantConsent` takes." })
export class GrantConsentInput extends MutationInput {
  @Field(() => ID, { description: "The organisation you let hold your data." })
  organizationId: string;

  @Field(() => String, { description: "What it may use the data for; 1 to 300 characters." })
  purpose: string;
}

@InputType("WithdrawConsentInput", { description: "What `withdrawConsent` takes." })
export class WithdrawConsentInput extends MutationInput {
  @Field(() => ID, { description: "The organisation that is to stop holding your data. Withdrawing your last consent erases your data." })
  organizationId: string;
}

@InputType("RequestErasureInput", { description: "What `requestErasure` takes." })
export class RequestErasureInput extends MutationInput {}

/** A holding organisation acting on a person. */
@InputType()
abstract class PersonActionInput extends MutationInput {
  @Field(() => ID, { description: "An organisation holding the person's consent; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the person." })
  personId: string;
}

@InputType("RecordConsentWithdrawalInput", { description: "The person told the organisation (in person, on paper) that they withdraw their consent; withdrawing their last consent erases their data." })
export class RecordConsentWithdrawalInput extends PersonActionInput {}

@InputType("ErasePersonInput", { description: "The person asked the organisation to erase their data: it is erased everywhere at once." })
export class ErasePersonInput extends PersonActionInput {}

/** A team acting on its roster. */
@InputType()
abstract class TeamMemberInput extends MutationInput {
  @Field(() => ID, { description: "The team; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "A person on the team's roster, or for addTeamMember one who consented to the team holding their data." })
  personId: string;
}

@InputType("AddTeamMemberInput", { description: "What `addTeamMember` takes." })
export class AddTeamMemberInput extends TeamMemberInput {
  @Field(() => TeamRole, { defaultValue: TeamRole.MEMBER, description: "The person's role in the team; MEMBER when omitted." })
  role: TeamRole;
}

@InputType("ChangeTeamMemberRoleInput", { description: "What `changeTeamMemberRole` takes." })
export class ChangeTeamMemberRoleInput extends TeamMemberInput {
  @Field(() => TeamRole, { description: "The new role." })
  role: TeamRole;
}

@InputType("RemoveTeamMemberInput", { description: "What `removeTeamMember` takes." })
export class RemoveTeamMemberInput extends TeamMemberInput {}

@InputType("LeaveTeamInput", { description: "What `leaveTeam` takes." })
export class LeaveTeamInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the team (an organisation) to leave." })
  organizationId: string;
}

export const RegisterMyselfPayload = Payload("RegisterMyselfPayload", "person", Person);
export const UpdateMyProfilePayload = Payload("UpdateMyProfilePayload", "person", Person);
export const RegisterPersonPayload = Payload("RegisterPersonPayload", "person", Person);
export const UpdatePersonPayload = Payload("UpdatePersonPayload", "person", Person);
export const GrantConsentPayload = Payload("GrantConsentPayload", "consent", PersonConsent);
export const WithdrawConsentPayload = Payload("WithdrawConsentPayload", "person", Person);
export const RecordConsentWithdrawalPayload = Payload("RecordConsentWithdrawalPayload", "person", Person);
export const RequestErasurePayload = Payload("RequestErasurePayload", "person", Person);
export const ErasePersonPayload = Payload("ErasePersonPayload", "person", Person);
export const AddTeamMemberPayload = Payload("AddTeamMemberPayload", "teamMembership", TeamMembership);
export const ChangeTeamMemberRolePayload = Payload("ChangeTeamMemberRolePayload", "teamMembership", TeamMembership);
export const RemoveTeamMemberPayload = Payload("RemoveTeamMemberPayload", "teamMembership", TeamMembership);
export const LeaveTeamPayload = Payload("LeaveTeamPayload", "teamMembership", TeamMembership);
