import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Area } from "../../entities/area";
import { Activity } from "../../entities/community/activity";
import { ActivityShift } from "../../entities/community/activity-shift";
import { Person } from "../../entities/community/person";
import { ShiftSignUp } from "../../entities/community/shift-sign-up";
import { Organization } from "../../entities/organization";
import { Project } from "../../entities/project";
import { ResourceNeed } from "../../entities/resource-need";
import type { ActivityFields } from "../../services/community/activity.service";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../../schema/global-id";
import {
  ActivityConnection, ActivityFilterInput, ShiftSignUpConnection, CancelSignUpInput, CancelSignUpPayload, ChangeActivityStatusInput, ChangeActivityStatusPayload, CheckInInput, CheckInPayload, CheckOutInput, CheckOutPayload,
  CreateActivityInput, CreateActivityPayload, RecordHoursInput, RecordHoursPayload, SignUpForShiftInput, SignUpForShiftPayload, VerifyHoursInput, VerifyHoursPayload,
} from "../../schema/community/activity.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";

const signUpKey = (id: string) => inputKeyOf(id, "ShiftSignUp", "signUpId");

function activityFieldsOf(input: CreateActivityInput): ActivityFields {
  const { kind, title, description, areaCode, place, shifts } = input;
  const projectId = input.projectId ? inputKeyOf(input.projectId, "Project", "projectId") : null;
  return { projectId, needId: input.needId ? inputKeyOf(input.needId, "ResourceNeed", "needId") : null, kind, title, description, areaCode, place, shifts };
}

@Resolver(() => Activity)
export class ActivityResolver {
  @Query(() => ActivityConnection, { description: "Activities, newest first: every one past DRAFT, and your own organisations' DRAFTs." })
  async activities(
    @Arg("filter", () => ActivityFilterInput, { nullable: true, description: "Which activities to list; all the viewer may read when omitted." }) filter: ActivityFilterInput | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services, viewer }: Context,
  ) {
    const organizationId = filter?.organizationId != null ? keyOf(filter.organizationId, "Organization", "filter.organizationId") : undefined;
    return ActivityConnection.of(await services.activityList.page(viewer, { ...filter, organizationId }, pageArgs(page)));
  }

  @Query(() => Activity, { nullable: true, description: "An activity by id; a DRAFT only to the organiser's members and keys." })
  activity(@Arg("id", () => ID, { description: "The global ID of the Activity." }) id: string, @Ctx() { loaders, services, viewer }: Context): Promise<Activity | null> {
    return services.activities.findVisible(viewer, loaders, keyOf(id, "Activity"));
  }

  @Mutation(() => CreateActivityPayload, { description: "Creates an activity as a DRAFT with its shifts. COORDINATOR of the organiser; not API keys." })
  createActivity(@Arg("input", () => CreateActivityInput, { description: "What `createActivity` needs; each field is described on the input type." }) input: CreateActivityInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("activity", () => services.activities.createActivity(viewer, acting(input.actingOrganizationId), activityFieldsOf(input)));
  }

  @Mutation(() => ChangeActivityStatusPayload, { description: "Publishes, completes or cancels an activity (DRAFT → PUBLISHED → COMPLETED, or CANCELLED). COORDINATOR of the organiser; not API keys." })
  changeActivityStatus(@Arg("input", () => ChangeActivityStatusInput, { description: "What `changeActivityStatus` needs; each field is described on the input type." }) input: ChangeActivityStatusInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("activity", () => services.activities.changeStatus(viewer, acting(input.actingOrganizationId), inputKeyOf(input.activityId, "Activity", "activityId"), input.status));
  }

  @Mutation(() => SignUpForShiftPayload, { description: "Signs you up to a shift of a PUBLISHED activity before it starts: CONFIRMED while places last, then WAITLISTED. Any signed-in person who registered." })
  signUpForShift(@Arg("input", () => SignUpForShiftInput, { description: "What `signUpForShift` needs; each field is described on the input type." }) input: SignUpForShiftInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("signUp", () => services.signUps.signUp(viewer, inputKeyOf(input.shiftId, "ActivityShift", "shiftId")));
  }

  @Mutation(() => CancelSignUpPayload, { description: "Cancels your sign-up before the shift starts; a place you held goes to the first in line. Any signed-in person who registered." })
  cancelSignUp(@Arg("input", () => CancelSignUpInput, { description: "What `cancelSignUp` needs; each field is described on the input type." }) input: CancelSignUpInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("signUp", () => services.signUps.cancelSignUp(viewer, signUpKey(input.signUpId)));
  }

  @Mutation(() => CheckInPayload, { description: "You arrive for a confirmed shift: from an hour before it until its end. Any signed-in person who registered." })
  checkIn(@Arg("input", () => CheckInInput, { description: "What `checkIn` needs; each field is described on the input type." }) input: CheckInInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("signUp", () => services.signUps.checkIn(viewer, signUpKey(input.signUpId)));
  }

  @Mutation(() => CheckOutPayload, { description: "You leave, after checking in. Any signed-in person who registered." })
  checkOut(@Arg("input", () => CheckOutInput, { description: "What `checkOut` needs; each field is described on the input type." }) input: CheckOutInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("signUp", () => services.signUps.checkOut(viewer, signUpKey(input.signUpId)));
  }

  @Mutation(() => RecordHoursPayload, { description: "Records or corrects the hours a confirmed person served, until they are verified. COORDINATOR of the organiser; not API keys." })
  recordHours(@Arg("input", () => RecordHoursInput, { description: "What `recordHours` needs; each field is described on the input type." }) input: RecordHoursInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("signUp", () => services.serviceHours.recordHours(viewer, acting(input.actingOrganizationId), signUpKey(input.signUpId), input.hours));
  }

  @Mutation(() => VerifyHoursPayload, { description: "Verifies the hours (as recorded, or else from check-in and check-out within the shift); once only. COORDINATOR of the organiser; not API keys." })
  verifyHours(@Arg("input", () => VerifyHoursInput, { description: "What `verifyHours` needs; each field is described on the input type." }) input: VerifyHoursInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("signUp", () => services.serviceHours.verifyHours(viewer, acting(input.actingOrganizationId), signUpKey(input.signUpId)));
  }

  @FieldResolver(() => ID, { description: "The Activity's opaque global ID, for `node(id:)`." })
  id(@Root() activity: Activity): string {
    return toGlobalId("Activity", activity.id);
  }

  @FieldResolver(() => Organization, { description: "The organiser." })
  organizer(@Root() activity: Activity, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(activity.organizationId);
  }

  @FieldResolver(() => Project, { nullable: true, description: "The project it serves, if the viewer may see it." })
  project(@Root() activity: Activity, @Ctx() { loaders, services, viewer }: Context): Promise<Project | null> {
    return activity.projectId ? services.projects.findVisible(viewer, loaders, activity.projectId) : Promise.resolve(null);
  }

  @FieldResolver(() => ResourceNeed, { nullable: true, description: "The VOLUNTEERS need it serves, if the viewer may see it: its confirmed sign-ups count as pledged toward it." })
  need(@Root() activity: Activity, @Ctx() { loaders, services, viewer }: Context): Promise<ResourceNeed | null> {
    return activity.needId ? services.needs.findVisible(viewer, loaders, activity.needId) : Promise.resolve(null);
  }

  @FieldResolver(() => Area, { description: "The area the activity takes place in." })
  area(@Root() activity: Activity, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(activity.areaCode);
  }

  @FieldResolver(() => [ActivityShift], { description: "Its shifts, earliest first (at most 20)." })
  shifts(@Root() activity: Activity, @Ctx() { loaders }: Context): Promise<ActivityShift[]> {
    return loaders.shiftsOfActivity.load(activity.id);
  }
}

@Resolver(() => ActivityShift)
export class ActivityShiftResolver {
  @FieldResolver(() => ID, { description: "The ActivityShift's opaque global ID, for `node(id:)`." })
  id(@Root() shift: ActivityShift): string {
    return toGlobalId("ActivityShift", shift.id);
  }

  @FieldResolver(() => Activity, { description: "The activity the shift belongs to." })
  activity(@Root() shift: ActivityShift, @Ctx() { loaders }: Context): Promise<Activity | null> {
    return loaders.activity.load(shift.activityId);
  }

  @FieldResolver(() => Int, { description: "Places taken: never more than capacity." })
  confirmedCount(@Root() shift: ActivityShift, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.confirmedOfShift.load(shift.id);
  }

  @FieldResolver(() => Int, { description: "People waiting for a place." })
  waitlistCount(@Root() shift: ActivityShift, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.waitlistedOfShift.load(shift.id);
  }

  @FieldResolver(() => ShiftSignUpConnection, { description: "The sign-ups in the order they came (the waitlist's order). The organiser's members and keys only; empty for others." })
  async signUps(@Root() shift: ActivityShift, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { loaders, services, viewer }: Context) {
    return ShiftSignUpConnection.of(await services.activities.signUpsOf(viewer, loaders, shift, pageArgs(page)));
  }
}

@Resolver(() => ShiftSignUp)
export class ShiftSignUpResolver {
  @FieldResolver(() => ID, { description: "The ShiftSignUp's opaque global ID, for `node(id:)`." })
  id(@Root() signUp: ShiftSignUp): string {
    return toGlobalId("ShiftSignUp", signUp.id);
  }

  @FieldResolver(() => ActivityShift, { description: "The shift signed up for." })
  shift(@Root() signUp: ShiftSignUp, @Ctx() { loaders }: Context): Promise<ActivityShift | null> {
    return loaders.activityShift.load(signUp.shiftId);
  }

  @FieldResolver(() => Person, { description: "Who signed up; their personal fields show by the rules of README \"Who reads a person's data\"." })
  person(@Root() signUp: ShiftSignUp, @Ctx() { loaders }: Context): Promise<Person | null> {
    return loaders.person.load(signUp.personId);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The organisation that verified the hours." })
  verifiedBy(@Root() signUp: ShiftSignUp, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return signUp.verifiedByOrganizationId ? loaders.organization.load(signUp.verifiedByOrganizationId) : Promise.resolve(null);
  }
}
