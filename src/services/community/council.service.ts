import { DataSource, EntityManager, In } from "typeorm";
import { actFor, REQUIRE } from "../../auth/policy";
import type { Viewer } from "../../auth/viewer";
import { Council, MajorityRule } from "../../entities/community/council";
import { CouncilMeeting, MeetingStatus } from "../../entities/community/council-meeting";
import { CouncilMember, CouncilSeat } from "../../entities/community/council-member";
import { Person } from "../../entities/community/person";
import { Proposal } from "../../entities/community/proposal";
import { Organization, OrganizationKind } from "../../entities/organization";
import { t } from "../../i18n/text";
import { audit, snapshot } from "../audit";
import { InputCheck, UserErrorCode } from "../errors";
import { actingOrganization, findArea, inTransaction, refuse, requireFields, text } from "../input-rules";
import { isCalendarDate } from "../project.service";
import { requireVerified } from "../verification.service";
import { requireConvener, findCouncil } from "./council-access";
import { AGENDA_STATUSES } from "./proposal-lifecycle";

export interface CouncilFields {
  name: string;
  areaCode: string;
  quorumPercent: number;
  majorityRule: MajorityRule;
  petitionSignatures: number;
  secondingDays: number;
  debateDays: number;
  votingHours: number;
}

export interface SeatFields {
  councilId: string;
  /** The resident representative, or the organisation's delegate. */
  personId: string;
  organizationId?: string | null;
  termStartsOn: string;
  termEndsOn: string;
}

export interface MeetingFields {
  councilId: string;
  title: string;
  scheduledAt: Date;
  place?: string | null;
  proposalIds: string[];
}

const PARTY_KINDS = [OrganizationKind.PARTY_COMMITTEE, OrganizationKind.PARTY_BRANCH];
const RANGES: Record<"quorumPercent" | "petitionSignatures" | "secondingDays" | "debateDays" | "votingHours", [number, number]> = {
  quorumPercent: [1, 100],
  petitionSignatures: [1, 100_000],
  secondingDays: [1, 365],
  debateDays: [1, 365],
  votingHours: [1, 720],
};
const MAX_AGENDA = 50;
const MAX_ATTENDANCE = 1000;

/** Councils, their seats and their sittings; the convening Party organisation runs them. */
export class CouncilService {
  constructor(private readonly dataSource: DataSource) {}

  /** A council for an area, convened by a VERIFIED Party organisation of that area or above it. */
  async createCouncil(viewer: Viewer, actingId: string, fields: CouncilFields): Promise<Council> {
    const actor = actFor(viewer, actingId, REQUIRE.councils);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const convener = await actingOrganization(manager, actingId);
        requireVerified(convener);
        const check = new InputCheck();
        requireFields(check, fields, ["name", "areaCode", "quorumPercent", "majorityRule", "petitionSignatures", "secondingDays", "debateDays", "votingHours"], true);
        const name = text(check, "name", fields.name, 100, true);
        const area = fields.areaCode ? await findArea(manager, check, "areaCode", fields.areaCode) : null;
        if (!PARTY_KINDS.includes(convener.kind)) check.add("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("council.convenerNotParty", { organization: convener.name }));
        else if (area && !area.code.startsWith(convener.areaCode)) check.add("areaCode", UserErrorCode.NOT_PERMITTED, t("council.areaOutsideConvener", { organization: convener.name, code: area.code }));
        for (const [key, [min, max]] of Object.entries(RANGES) as [keyof typeof RANGES, [number, number]][]) {
          const value = fields[key];
          if (value != null && (!Number.isInteger(value) || value < min || value > max)) check.add(key, UserErrorCode.OUT_OF_RANGE, t("council.outOfRange", { field: key, min, max }));
        }
        check.throwIfAny();
        const council = await manager.save(manager.create(Council, { ...fields, name: name!, areaCode: area!.code, conveningOrganizationId: convener.id }));
        await audit(manager, actor, { action: "createCouncil", entityType: "Council", entityId: council.id, before: null, after: council });
        return council;
      },
      { constraint: "council_area_code_key", field: "areaCode", text: t("council.areaTaken") },
    );
  }

  /**
   * Seats a resident representative, or an organisation with its delegate, for a term. The person must have
   * consented to the convener holding their data: a seat shows their name to the council's readers.
   */
  async addMember(viewer: Viewer, actingId: string, fields: SeatFields): Promise<CouncilMember> {
    const actor = actFor(viewer, actingId, REQUIRE.councils);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const council = await findCouncil(manager, fields.councilId, "councilId");
        requireConvener(council, actingId);
        const check = new InputCheck();
        const person = await manager.findOneBy(Person, { id: fields.personId });
        if (!person || person.erasedAt) check.add("personId", UserErrorCode.NOT_FOUND, t("council.personNotFound"));
        else if (!(await holdsConsent(manager, person.id, council.conveningOrganizationId))) check.add("personId", UserErrorCode.NOT_PERMITTED, t("council.noConsent"));
        if (fields.organizationId && !(await manager.existsBy(Organization, { id: fields.organizationId }))) check.add("organizationId", UserErrorCode.NOT_FOUND, t("organization.notFound"));
        for (const key of ["termStartsOn", "termEndsOn"] as const) {
          if (typeof fields[key] !== "string" || !isCalendarDate(fields[key])) check.add(key, UserErrorCode.INVALID, t("input.notADate", { field: key, value: fields[key] }));
        }
        if (!check.has("termStartsOn") && !check.has("termEndsOn") && fields.termEndsOn < fields.termStartsOn) check.add("termEndsOn", UserErrorCode.OUT_OF_RANGE, t("council.termEndsBeforeStart"));
        check.throwIfAny();
        const member = await manager.save(
          manager.create(CouncilMember, {
            councilId: council.id, kind: fields.organizationId ? CouncilSeat.ORGANIZATION : CouncilSeat.RESIDENT, organizationId: fields.organizationId ?? null,
            seatPersonId: person!.id, termStartsOn: fields.termStartsOn, termEndsOn: fields.termEndsOn,
          }),
        );
        await audit(manager, actor, { action: "addCouncilMember", entityType: "CouncilMember", entityId: member.id, before: null, after: member });
        return member;
      },
      [
        { constraint: "council_member_one_seat_per_person", field: "personId", text: t("council.personSeated") },
        { constraint: "council_member_one_seat_per_organization", field: "organizationId", text: t("council.organizationSeated") },
      ],
    );
  }

  /** Calls a sitting with an agenda of SECONDED or IN_DEBATE proposals of the council, in the order given. */
  async scheduleMeeting(viewer: Viewer, actingId: string, fields: MeetingFields): Promise<CouncilMeeting> {
    const actor = actFor(viewer, actingId, REQUIRE.councilSittings);
    return inTransaction(this.dataSource, async (manager) => {
      const council = await findCouncil(manager, fields.councilId, "councilId");
      requireConvener(council, actingId);
      const check = new InputCheck();
      const title = text(check, "title", fields.title, 200, true);
      const place = text(check, "place", fields.place, 300, false);
      const ids = [...new Set(fields.proposalIds)];
      if (ids.length > MAX_AGENDA) check.add("proposalIds", UserErrorCode.OUT_OF_RANGE, t("council.agendaTooLong", { max: MAX_AGENDA }));
      const proposals = ids.length ? await manager.findBy(Proposal, { id: In(ids), councilId: council.id }) : [];
      if (proposals.length !== ids.length) check.add("proposalIds", UserErrorCode.NOT_FOUND, t("council.agendaNotFound"));
      const closed = proposals.find((proposal) => !AGENDA_STATUSES.includes(proposal.status));
      if (closed) check.add("proposalIds", UserErrorCode.INVALID_TRANSITION, t("council.agendaStatus", { title: closed.title, status: closed.status, allowed: AGENDA_STATUSES }));
      check.throwIfAny();
      const meeting = await manager.save(manager.create(CouncilMeeting, { councilId: council.id, title: title!, scheduledAt: fields.scheduledAt, place, status: MeetingStatus.SCHEDULED, minutes: null }));
      for (const [position, proposalId] of ids.entries()) {
        await manager.query(`INSERT INTO meeting_agenda_item (meeting_id, proposal_id, position) VALUES ($1, $2, $3)`, [meeting.id, proposalId, position]);
      }
      await audit(manager, actor, { action: "scheduleMeeting", entityType: "CouncilMeeting", entityId: meeting.id, before: null, after: { ...meeting, agenda: ids } });
      return meeting;
    });
  }

  /**
   * Records who is present, as the whole list: the sitting opens (IN_SESSION). Attendance fixes who may vote
   * and the quorum, so it cannot change while a vote of this meeting is open.
   */
  async recordAttendance(viewer: Viewer, actingId: string, meetingId: string, memberIds: string[]): Promise<CouncilMeeting> {
    const actor = actFor(viewer, actingId, REQUIRE.councilSittings);
    return inTransaction(this.dataSource, async (manager) => {
      const { meeting, council } = await lockMeeting(manager, actingId, meetingId);
      if (meeting.status === MeetingStatus.ADJOURNED) refuse("meetingId", UserErrorCode.INVALID_TRANSITION, t("council.meetingAdjourned"));
      await requireNoOpenVote(manager, meeting.id);
      const ids = [...new Set(memberIds)];
      if (ids.length > MAX_ATTENDANCE) refuse("memberIds", UserErrorCode.OUT_OF_RANGE, t("council.attendanceTooLong", { max: MAX_ATTENDANCE }));
      const [{ count }]: { count: number }[] = await manager.query(`SELECT count(*)::int AS count FROM council_member WHERE id = ANY($1::uuid[]) AND council_id = $2`, [ids, council.id]);
      if (count !== ids.length) refuse("memberIds", UserErrorCode.NOT_FOUND, t("council.attendeeNotMember"));
      const before = { ...snapshot(meeting), attendance: (await attendanceOf(manager, meeting.id)) };
      await manager.query(`DELETE FROM meeting_attendance WHERE meeting_id = $1`, [meeting.id]);
      await manager.query(`INSERT INTO meeting_attendance (meeting_id, member_id) SELECT $1, unnest($2::uuid[])`, [meeting.id, ids]);
      meeting.status = MeetingStatus.IN_SESSION;
      const saved = await manager.save(meeting);
      await audit(manager, actor, { action: "recordAttendance", entityType: "CouncilMeeting", entityId: saved.id, before, after: { ...saved, attendance: ids.sort() } });
      return saved;
    });
  }

  /** Records the minutes and adjourns the sitting, once none of its votes is open. */
  async recordMinutes(viewer: Viewer, actingId: string, meetingId: string, minutes: string): Promise<CouncilMeeting> {
    const actor = actFor(viewer, actingId, REQUIRE.councilSittings);
    return inTransaction(this.dataSource, async (manager) => {
      const { meeting } = await lockMeeting(manager, actingId, meetingId);
      if (meeting.status !== MeetingStatus.IN_SESSION) refuse("meetingId", UserErrorCode.INVALID_TRANSITION, t("council.meetingNotInSession", { status: meeting.status }));
      await requireNoOpenVote(manager, meeting.id);
      const check = new InputCheck();
      const written = text(check, "minutes", minutes, 20_000, true);
      check.throwIfAny();
      const before = snapshot(meeting);
      meeting.minutes = written;
      meeting.status = MeetingStatus.ADJOURNED;
      const saved = await manager.save(meeting);
      await audit(manager, actor, { action: "recordMinutes", entityType: "CouncilMeeting", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

}

/** The meeting, locked, when the acting organisation convenes its council. */
async function lockMeeting(manager: EntityManager, actingId: string, meetingId: string): Promise<{ meeting: CouncilMeeting; council: Council }> {
  const meeting = await manager.findOne(CouncilMeeting, { where: { id: meetingId }, lock: { mode: "pessimistic_write" } });
  if (!meeting) refuse("meetingId", UserErrorCode.NOT_FOUND, t("council.meetingNotFound"));
  const council = await manager.findOneByOrFail(Council, { id: meeting.councilId });
  requireConvener(council, actingId);
  return { meeting, council };
}

async function holdsConsent(manager: EntityManager, personId: string, organizationId: string): Promise<boolean> {
  const [row] = await manager.query(`SELECT 1 FROM person_consent WHERE person_id = $1 AND organization_id = $2 AND withdrawn_at IS NULL`, [personId, organizationId]);
  return row !== undefined;
}

async function attendanceOf(manager: EntityManager, meetingId: string): Promise<string[]> {
  const rows: { member_id: string }[] = await manager.query(`SELECT member_id FROM meeting_attendance WHERE meeting_id = $1 ORDER BY member_id`, [meetingId]);
  return rows.map((row) => row.member_id);
}

async function requireNoOpenVote(manager: EntityManager, meetingId: string): Promise<void> {
  const [open] = await manager.query(
    `SELECT 1 FROM proposal WHERE voting_meeting_id = $1 AND status = 'VOTING' UNION ALL SELECT 1 FROM proposal_amendment WHERE voting_meeting_id = $1 AND status = 'VOTING' LIMIT 1`,
    [meetingId],
  );
  if (open) refuse("meetingId", UserErrorCode.INVALID_TRANSITION, t("council.voteOpenAtMeeting"));
}
