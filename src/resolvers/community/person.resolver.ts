import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Area } from "../../entities/area";
import { Person } from "../../entities/community/person";
import { PersonConsent } from "../../entities/community/person-consent";
import { TeamMembership, TeamRole } from "../../entities/community/team-membership";
import { Organization } from "../../entities/organization";
import type { ProfileFields } from "../../services/community/person-profile";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../../schema/global-id";
import {
  AddTeamMemberInput, AddTeamMemberPayload, ChangeTeamMemberRoleInput, ChangeTeamMemberRolePayload, ErasePersonInput, ErasePersonPayload,
  GrantConsentInput, GrantConsentPayload, LeaveTeamInput, LeaveTeamPayload, MyData, PartyRegistration, PartyRegistrationInput,
  RecordConsentWithdrawalInput, RecordConsentWithdrawalPayload, RegisterMyselfInput, RegisterMyselfPayload, RegisterPersonInput,
  RegisterPersonPayload, RemoveTeamMemberInput, RemoveTeamMemberPayload, RequestErasureInput, RequestErasurePayload, TeamMembershipConnection,
  UpdateMyProfileInput, UpdateMyProfilePayload, UpdatePersonInput, UpdatePersonPayload, WithdrawConsentInput, WithdrawConsentPayload,
} from "../../schema/community/person.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";

const personKey = (id: string) => inputKeyOf(id, "Person", "personId");
const organizationKey = (id: string) => inputKeyOf(id, "Organization", "organizationId");

/** The profile fields of an input, with the employer's global ID turned into its key. */
function profileOf<T extends ProfileFields & { partyRegistration?: PartyRegistrationInput | null }>(input: T): ProfileFields {
  const { displayName, realName, phone, homeAreaCode, skills, languages, isPartyMember, partyRegistration, about, publicRecognition } = input;
  const registration = partyRegistration && {
    employerOrganizationId: inputKeyOf(partyRegistration.employerOrganizationId, "Organization", "partyRegistration"),
    reportingAreaCode: partyRegistration.reportingAreaCode,
  };
  return { displayName, realName, phone, homeAreaCode, skills, languages, isPartyMember, partyRegistration: registration, about, publicRecognition };
}

const PERSONAL = "Personal (README: who reads a person's data):";

@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: "A person by id; personal fields show by who asks." })
  person(@Arg("id", () => ID, { description: "The global ID of the Person." }) id: string, @Ctx() { loaders }: Context): Promise<Person | null> {
    return loaders.person.load(keyOf(id, "Person"));
  }

  @Query(() => MyData, { description: "Everything Cogov holds about you: your profile, your consents with their purposes and dates, your teams. Signed-in people only." })
  myData(@Ctx() { services, viewer }: Context): Promise<MyData> {
    return services.people.myData(viewer);
  }

  @Mutation(() => RegisterMyselfPayload, { description: "Registers you as a resident or volunteer; your account manages the profile. Any signed-in person." })
  registerMyself(@Arg("input", () => RegisterMyselfInput, { description: "What `registerMyself` needs; each field is described on the input type." }) input: RegisterMyselfInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("person", () => services.people.registerMyself(viewer, profileOf(input)));
  }

  @Mutation(() => UpdateMyProfilePayload, { description: "Changes your profile. Any signed-in person who registered." })
  updateMyProfile(@Arg("input", () => UpdateMyProfileInput, { description: "What `updateMyProfile` needs; each field is described on the input type." }) input: UpdateMyProfileInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("person", () => services.people.updateMyProfile(viewer, profileOf(input)));
  }

  @Mutation(() => RegisterPersonPayload, { description: "Registers a person on their behalf, with the consent they gave the organisation. ADMIN of the acting organisation; not API keys." })
  registerPerson(@Arg("input", () => RegisterPersonInput, { description: "What `registerPerson` needs; each field is described on the input type." }) input: RegisterPersonInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("person", () => services.people.registerPerson(viewer, acting(input.actingOrganizationId), profileOf(input), input.consent));
  }

  @Mutation(() => UpdatePersonPayload, { description: "Corrects the profile of a person the organisation holds and who has no account. ADMIN of the acting organisation; not API keys." })
  updatePerson(@Arg("input", () => UpdatePersonInput, { description: "What `updatePerson` needs; each field is described on the input type." }) input: UpdatePersonInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("person", () => services.people.updatePerson(viewer, acting(input.actingOrganizationId), personKey(input.personId), profileOf(input)));
  }

  @Mutation(() => GrantConsentPayload, { description: "Lets an organisation hold your data for a purpose, from now on. Any signed-in person who registered." })
  grantConsent(@Arg("input", () => GrantConsentInput, { description: "What `grantConsent` needs; each field is described on the input type." }) input: GrantConsentInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("consent", () => services.people.grantConsent(viewer, organizationKey(input.organizationId), input.purpose));
  }

  @Mutation(() => WithdrawConsentPayload, { description: "Withdraws your consent from an organisation, which also takes you off its roster; withdrawing your last consent erases your data. Any signed-in person." })
  withdrawConsent(@Arg("input", () => WithdrawConsentInput, { description: "What `withdrawConsent` needs; each field is described on the input type." }) input: WithdrawConsentInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("person", () => services.people.withdrawConsent(viewer, organizationKey(input.organizationId)));
  }

  @Mutation(() => RecordConsentWithdrawalPayload, { description: "Records a withdrawal the person made to the organisation; the last one erases their data. ADMIN of the acting organisation; not API keys." })
  recordConsentWithdrawal(@Arg("input", () => RecordConsentWithdrawalInput, { description: "What `recordConsentWithdrawal` needs; each field is described on the input type." }) input: RecordConsentWithdrawalInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("person", () => services.people.recordConsentWithdrawal(viewer, acting(input.actingOrganizationId), personKey(input.personId)));
  }

  @Mutation(() => RequestErasurePayload, { description: "Erases your data everywhere at once; the row stays under its pseudonymous label, linked to no one. Any signed-in person who registered." })
  requestErasure(@Arg("input", () => RequestErasureInput, { description: "What `requestErasure` needs; each field is described on the input type." }) _input: RequestErasureInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("person", () => services.people.requestErasure(viewer));
  }

  @Mutation(() => ErasePersonPayload, { description: "Carries out a person's request, made to the organisation, to erase their data everywhere. ADMIN of the acting organisation; not API keys." })
  erasePerson(@Arg("input", () => ErasePersonInput, { description: "What `erasePerson` needs; each field is described on the input type." }) input: ErasePersonInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("person", () => services.people.erasePerson(viewer, acting(input.actingOrganizationId), personKey(input.personId)));
  }

  @Mutation(() => AddTeamMemberPayload, { description: "Puts a person who consented to the team on its roster. ADMIN of the team; not API keys." })
  addTeamMember(@Arg("input", () => AddTeamMemberInput, { description: "What `addTeamMember` needs; each field is described on the input type." }) input: AddTeamMemberInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("teamMembership", () => services.teams.addTeamMember(viewer, acting(input.actingOrganizationId), personKey(input.personId), input.role));
  }

  @Mutation(() => ChangeTeamMemberRolePayload, { description: "ADMIN of the team; not API keys." })
  changeTeamMemberRole(@Arg("input", () => ChangeTeamMemberRoleInput, { description: "What `changeTeamMemberRole` needs; each field is described on the input type." }) input: ChangeTeamMemberRoleInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("teamMembership", () => services.teams.changeTeamMemberRole(viewer, acting(input.actingOrganizationId), personKey(input.personId), input.role));
  }

  @Mutation(() => RemoveTeamMemberPayload, { description: "Takes a person off the roster; the team keeps their consent until they withdraw it. ADMIN of the team; not API keys." })
  removeTeamMember(@Arg("input", () => RemoveTeamMemberInput, { description: "What `removeTeamMember` needs; each field is described on the input type." }) input: RemoveTeamMemberInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("teamMembership", () => services.teams.removeTeamMember(viewer, acting(input.actingOrganizationId), personKey(input.personId)));
  }

  @Mutation(() => LeaveTeamPayload, { description: "You leave a team. Any signed-in person who registered." })
  leaveTeam(@Arg("input", () => LeaveTeamInput, { description: "What `leaveTeam` needs; each field is described on the input type." }) input: LeaveTeamInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("teamMembership", () => services.teams.leaveTeam(viewer, organizationKey(input.organizationId)));
  }

  @FieldResolver(() => ID, { description: "The Person's opaque global ID, for `node(id:)`." })
  id(@Root() person: Person): string {
    return toGlobalId("Person", person.id);
  }

  @FieldResolver(() => String, { description: "The name the person chose to be shown by; the label once erased." })
  displayName(@Root() person: Person): string {
    return person.displayName ?? person.label;
  }

  @FieldResolver(() => String, { nullable: true, description: `${PERSONAL} the person and admins of organisations holding their consent; null for others.` })
  realName(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    return services.people.personal(viewer, loaders, person, "realName", () => person.realName);
  }

  @FieldResolver(() => String, { nullable: true, description: `${PERSONAL} in full to the person and admins of organisations holding their consent, masked (138****5678) to other signed-in readers, null to anonymous ones.` })
  phone(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    return services.people.phoneFor(viewer, loaders, person);
  }

  @FieldResolver(() => Area, { nullable: true, description: `${PERSONAL} the grid or community to the person and holding organisations, only the community to other signed-in readers, null to anonymous ones.` })
  async homeArea(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<Area | null> {
    const code = await services.people.homeAreaCodeFor(viewer, loaders, person);
    return code === null ? null : loaders.areaByCode.load(code);
  }

  @FieldResolver(() => String, { nullable: true, description: `${PERSONAL} the person and holding organisations; null for others.` })
  about(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    return services.people.personal(viewer, loaders, person, "about", () => person.about);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: `${PERSONAL} the person and holding organisations; null for others.` })
  isPartyMember(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<boolean | null> {
    return services.people.personal(viewer, loaders, person, "isPartyMember", () => person.isPartyMember);
  }

  @FieldResolver(() => PartyRegistration, { nullable: true, description: `${PERSONAL} the person and holding organisations; null for others, and for people without one.` })
  partyRegistration(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<PartyRegistration | null> {
    const { partyEmployerOrganizationId: employerOrganizationId, partyReportingAreaCode: reportingAreaCode } = person;
    if (employerOrganizationId === null || reportingAreaCode === null) return Promise.resolve(null);
    return services.people.personal(viewer, loaders, person, "partyRegistration", () => ({ employerOrganizationId, reportingAreaCode }));
  }

  @FieldResolver(() => [PersonConsent], { description: `${PERSONAL} all to the person; to an admin of a holding organisation, that organisation's own; empty for others.` })
  consents(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<PersonConsent[]> {
    return services.people.consentsFor(viewer, loaders, person);
  }

  @FieldResolver(() => [TeamMembership], { description: `${PERSONAL} all to the person; to other signed-in readers, the teams of their own organisations; empty for anonymous ones.` })
  teams(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<TeamMembership[]> {
    return services.people.teamsFor(viewer, loaders, person);
  }
}

@Resolver(() => PersonConsent)
export class PersonConsentResolver {
  @FieldResolver(() => Organization, { description: "The organisation the consent is given to." })
  organization(@Root() consent: PersonConsent, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(consent.organizationId);
  }

  @FieldResolver(() => Person, { description: "The person who gave the consent." })
  person(@Root() consent: PersonConsent, @Ctx() { loaders }: Context): Promise<Person | null> {
    return loaders.person.load(consent.personId);
  }
}

@Resolver(() => TeamMembership)
export class TeamMembershipResolver {
  @FieldResolver(() => Organization, { description: "The team." })
  organization(@Root() membership: TeamMembership, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(membership.organizationId);
  }

  @FieldResolver(() => Person, { description: "The member of the team." })
  person(@Root() membership: TeamMembership, @Ctx() { loaders }: Context): Promise<Person | null> {
    return loaders.person.load(membership.personId);
  }
}

@Resolver(() => PartyRegistration)
export class PartyRegistrationResolver {
  @FieldResolver(() => Organization, { description: "Where the Party member works." })
  employer(@Root() registration: PartyRegistration, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(registration.employerOrganizationId);
  }

  @FieldResolver(() => Area, { description: "The community the Party member reports to and serves in." })
  reportingArea(@Root() registration: PartyRegistration, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(registration.reportingAreaCode);
  }
}

@Resolver(() => Organization)
export class OrganizationTeamResolver {
  @FieldResolver(() => TeamMembershipConnection, { description: "The people serving in the organisation (a volunteer team's roster), oldest member first. Its own members, keys and webhooks only; empty for others." })
  async teamMembers(
    @Root() organization: Organization,
    @Arg("role", () => TeamRole, { nullable: true, description: "Only members with this role in the team; all when omitted." }) role: TeamRole | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders, services, viewer }: Context,
  ) {
    return TeamMembershipConnection.of(await services.teams.roster(viewer, loaders, organization.id, { role, ...pageArgs(page) }));
  }
}
