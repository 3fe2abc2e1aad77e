import { DataSource, EntityManager, IsNull } from "typeorm";
import { actFor, REQUIRE } from "../../../auth/policy";
import type { Actor, Viewer } from "../../../auth/viewer";
import { HouseholdVisit } from "../../../entities/community/household-visit";
import { KeyHousehold, KeyHouseholdMember } from "../../../entities/community/key-household";
import type { ContactChannel, RequestCategory } from "../../../entities/community/resident-request";
import { TargetGroup } from "../../../entities/community/service";
import type { Urgency } from "../../../entities/resource-need";
import { householdVisitEvent, recordEvents } from "../../../events/outbox";
import { t } from "../../../i18n/text";
import { audit } from "../../audit";
import { FieldProblem, InputCheck, UserErrorCode, UserInputError } from "../../errors";
import { actingOrganization, findArea, inTransaction, refuse, requireFields, text } from "../../input-rules";
import type { ResidentRequestService } from "../requests/resident-request.service";
import { heldPeople, householdAuditRecord, isCalendarDate, localToday, nextDueOn, visitAuditRecord } from "./household-rules";

export interface HouseholdFields {
  code?: string;
  areaCode?: string;
  groups?: TargetGroup[];
  needs?: string | null;
  visitEveryDays?: number;
  memberPersonIds?: string[] | null;
}

/** A request a visit's finding opens, filed by the holding organisation for the household (on behalf of a member, or with a contact). */
export interface VisitRequestFields {
  category: RequestCategory;
  description?: string | null;
  urgency: Urgency;
  preferredContact: ContactChannel;
  contactValue?: string | null;
  consentToKeepContact?: boolean | null;
  identityVisibleToHandler: boolean;
  onBehalfOfPersonId?: string | null;
}

export interface VisitFields {
  visitedAt: Date;
  visitorPersonIds: string[];
  findings?: string | null;
  followUp?: string | null;
  openRequest?: VisitRequestFields | null;
}

const CODE = /^[A-Za-z0-9][-_A-Za-z0-9]{0,31}$/;
const KEY_GROUPS: readonly TargetGroup[] = Object.values(TargetGroup).filter((group) => group !== TargetGroup.ALL_RESIDENTS);
const MAX_MEMBERS = 20;
const MAX_VISITORS = 10;
// A visit recorded a minute "ahead" is a clock out of step, not a visit in the future.
const CLOCK_SLACK_MS = 60_000;

/**
 * The register of key households and their visits. A household always has its next visit planned: registering it
 * plans the first for today, recording a visit plans the next by its frequency. Each change writes its audit entry
 * (never the needs or findings themselves) and, for visits, a discreet event, in one transaction.
 */
export class KeyHouseholdService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: ResidentRequestService,
    private readonly timeZone: string,
  ) {}

  async register(viewer: Viewer, actingId: string, fields: HouseholdFields): Promise<KeyHousehold> {
    const actor = actFor(viewer, actingId, REQUIRE.households);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        await actingOrganization(manager, actingId);
        const check = new InputCheck();
        requireFields(check, fields, ["code", "areaCode", "groups", "visitEveryDays"], true);
        const household = manager.create(KeyHousehold, { organizationId: actingId, needs: null });
        const members = await this.apply(manager, check, household, fields, actingId);
        check.throwIfAny();
        const saved = await manager.save(household);
        if (members) await manager.insert(KeyHouseholdMember, members.map((personId) => ({ householdId: saved.id, personId })));
        const plan = await manager.save(manager.create(HouseholdVisit, { householdId: saved.id, organizationId: actingId, dueOn: await localToday(manager, this.timeZone), visitorPersonIds: [] }));
        await audit(manager, actor, { action: "registerKeyHousehold", entityType: "KeyHousehold", entityId: saved.id, before: null, after: { ...householdAuditRecord(saved), memberPersonIds: members ?? [] } });
        await audit(manager, actor, { action: "planHouseholdVisit", entityType: "HouseholdVisit", entityId: plan.id, before: null, after: visitAuditRecord(plan) });
        return saved;
      },
      { constraint: "key_household_code_once", field: "code", text: t("household.codeTaken") },
    );
  }

  /** Changes what is given; `memberPersonIds` replaces who lives there. */
  async update(viewer: Viewer, actingId: string, householdId: string, fields: HouseholdFields): Promise<KeyHousehold> {
    const actor = actFor(viewer, actingId, REQUIRE.households);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const household = await lockHousehold(manager, actingId, householdId);
        const before = householdAuditRecord(household);
        const check = new InputCheck();
        requireFields(check, fields, ["code", "areaCode", "groups", "visitEveryDays"], false);
        const members = await this.apply(manager, check, household, fields, actingId);
        check.throwIfAny();
        const saved = await manager.save(household);
        if (members) {
          await manager.delete(KeyHouseholdMember, { householdId: saved.id });
          if (members.length) await manager.insert(KeyHouseholdMember, members.map((personId) => ({ householdId: saved.id, personId })));
        }
        await audit(manager, actor, { action: "updateKeyHousehold", entityType: "KeyHousehold", entityId: saved.id, before, after: { ...householdAuditRecord(saved), ...(members ? { memberPersonIds: members } : {}) } });
        return saved;
      },
      { constraint: "key_household_code_once", field: "code", text: t("household.codeTaken") },
    );
  }

  /** Sets the date of the household's next visit: `dueOn`, or its last visit's date plus its frequency (today if none is due sooner). */
  async plan(viewer: Viewer, actingId: string, householdId: string, dueOn: string | null | undefined): Promise<HouseholdVisit> {
    const actor = actFor(viewer, actingId, REQUIRE.householdVisits);
    return inTransaction(this.dataSource, async (manager) => {
      const household = await lockHousehold(manager, actingId, householdId);
      const today = await localToday(manager, this.timeZone);
      let due = dueOn ?? null;
      if (due !== null) {
        if (!isCalendarDate(due)) refuse("dueOn", UserErrorCode.INVALID, t("household.badDate", { field: "dueOn" }));
        if (due < today) refuse("dueOn", UserErrorCode.OUT_OF_RANGE, t("household.dueInPast", { today }));
      } else {
        const next = await nextDueOn(manager, household, this.timeZone);
        due = next < today ? today : next;
      }
      const open = await manager.findOne(HouseholdVisit, { where: { householdId, visitedAt: IsNull() }, lock: { mode: "pessimistic_write" } });
      const before = open && visitAuditRecord(open);
      const plan = open ?? manager.create(HouseholdVisit, { householdId, organizationId: actingId, visitorPersonIds: [] });
      Object.assign(plan, { dueOn: due, overdueAnnouncedAt: null });
      const saved = await manager.save(plan);
      await audit(manager, actor, { action: "planHouseholdVisit", entityType: "HouseholdVisit", entityId: saved.id, before, after: visitAuditRecord(saved) });
      return saved;
    });
  }

  /** Records a visit made (the planned one, if any), plans the next, and opens a request from the findings if asked. */
  async record(viewer: Viewer, actingId: string, householdId: string, fields: VisitFields): Promise<HouseholdVisit> {
    const actor = actFor(viewer, actingId, REQUIRE.householdVisits);
    return inTransaction(this.dataSource, async (manager) => {
      const household = await lockHousehold(manager, actingId, householdId);
      const check = new InputCheck();
      const findings = text(check, "findings", fields.findings, 5000, false);
      const followUp = text(check, "followUp", fields.followUp, 2000, false);
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT now() AS now`);
      if (!(fields.visitedAt instanceof Date) || Number.isNaN(fields.visitedAt.getTime())) check.add("visitedAt", UserErrorCode.INVALID, t("household.badDate", { field: "visitedAt" }));
      else if (fields.visitedAt.getTime() > now.getTime() + CLOCK_SLACK_MS) check.add("visitedAt", UserErrorCode.OUT_OF_RANGE, t("household.visitInFuture"));
      const visitors = [...new Set(fields.visitorPersonIds ?? [])];
      if (visitors.length === 0) check.add("visitorPersonIds", UserErrorCode.REQUIRED, t("household.noVisitors"));
      else if (visitors.length > MAX_VISITORS) check.add("visitorPersonIds", UserErrorCode.OUT_OF_RANGE, t("household.tooManyPeople", { max: MAX_VISITORS }));
      else await heldPeople(manager, check, "visitorPersonIds", actingId, visitors);
      const asked = fields.openRequest ?? null;
      if (asked && findings === null && !check.has("findings")) check.add("findings", UserErrorCode.REQUIRED, t("household.requestNeedsFindings"));
      if (asked?.onBehalfOfPersonId && !(await manager.existsBy(KeyHouseholdMember, { householdId, personId: asked.onBehalfOfPersonId }))) {
        check.add("openRequest.onBehalfOfPersonId", UserErrorCode.NOT_FOUND, t("household.onBehalfNotMember"));
      }
      check.throwIfAny();
      const request = asked ? await this.openRequest(manager, viewer, actor, household, asked, findings!) : null;
      const open = await manager.findOne(HouseholdVisit, { where: { householdId, visitedAt: IsNull() }, lock: { mode: "pessimistic_write" } });
      const before = open && visitAuditRecord(open);
      const visit = open ?? manager.create(HouseholdVisit, { householdId, organizationId: actingId, dueOn: null });
      Object.assign(visit, { visitedAt: fields.visitedAt, visitorPersonIds: visitors, findings, followUp, requestId: request?.id ?? null, recordedByUserId: actor.userId });
      const saved = await manager.save(visit);
      const next = await manager.save(manager.create(HouseholdVisit, { householdId, organizationId: actingId, dueOn: await nextDueOn(manager, household, this.timeZone), visitorPersonIds: [] }));
      await audit(manager, actor, { action: "recordHouseholdVisit", entityType: "HouseholdVisit", entityId: saved.id, before, after: visitAuditRecord(saved) });
      await audit(manager, actor, { action: "planHouseholdVisit", entityType: "HouseholdVisit", entityId: next.id, before: null, after: visitAuditRecord(next) });
      await recordEvents(manager, [householdVisitEvent("RECORDED", saved, household)]);
      return saved;
    });
  }

  /** Files the request through the requests' own filing path, in this transaction; its mistakes are named under openRequest. */
  private async openRequest(manager: EntityManager, viewer: Viewer, actor: Actor, household: KeyHousehold, asked: VisitRequestFields, findings: string) {
    const { onBehalfOfPersonId, description, ...rest } = asked;
    try {
      return await this.requests.fileIn(manager, viewer, actor, { actingOrganizationId: household.organizationId, onBehalfOfPersonId }, {
        ...rest, description: description ?? findings, areaCode: household.areaCode, place: null,
      });
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      throw new UserInputError(error.problems.map((problem) => new FieldProblem(problem.field[1] === "actingOrganizationId" ? "actingOrganizationId" : `openRequest.${problem.field[1]}`, problem.code, problem.text)));
    }
  }

  /** Checks and copies the given fields onto the household; the member ids to keep, when given. */
  private async apply(manager: EntityManager, check: InputCheck, household: KeyHousehold, fields: HouseholdFields, actingId: string): Promise<string[] | null> {
    if (fields.code != null) {
      if (!CODE.test(fields.code)) check.add("code", UserErrorCode.INVALID, t("household.codeFormat"));
      else household.code = fields.code;
    }
    if (fields.areaCode != null) {
      const area = await findArea(manager, check, "areaCode", fields.areaCode);
      if (area) household.areaCode = area.code;
    }
    if (fields.groups != null) {
      const groups = [...new Set(fields.groups)];
      if (groups.length === 0 || groups.length !== fields.groups.length || groups.some((group) => !KEY_GROUPS.includes(group))) check.add("groups", UserErrorCode.INVALID, t("household.groupsRequired"));
      else household.groups = groups;
    }
    if (fields.needs !== undefined) household.needs = text(check, "needs", fields.needs, 2000, false);
    if (fields.visitEveryDays != null) {
      if (!Number.isInteger(fields.visitEveryDays) || fields.visitEveryDays < 1 || fields.visitEveryDays > 366) {
        check.add("visitEveryDays", UserErrorCode.OUT_OF_RANGE, t("household.frequencyOutOfRange", { value: fields.visitEveryDays }));
      } else household.visitEveryDays = fields.visitEveryDays;
    }
    if (fields.memberPersonIds == null) return null;
    const members = [...new Set(fields.memberPersonIds)];
    if (members.length > MAX_MEMBERS) check.add("memberPersonIds", UserErrorCode.OUT_OF_RANGE, t("household.tooManyPeople", { max: MAX_MEMBERS }));
    else await heldPeople(manager, check, "memberPersonIds", actingId, members);
    return members;
  }
}

/** A household of the acting organisation, locked; any other answers as missing. */
async function lockHousehold(manager: EntityManager, actingId: string, householdId: string): Promise<KeyHousehold> {
  await actingOrganization(manager, actingId);
  const household = await manager.findOne(KeyHousehold, { where: { id: householdId }, lock: { mode: "pessimistic_write" } });
  if (!household || household.organizationId !== actingId) refuse("householdId", UserErrorCode.NOT_FOUND, t("household.notFound"));
  return household;
}
