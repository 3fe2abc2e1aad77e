import { DataSource, EntityManager, IsNull } from "typeorm";
import { actFor, REQUIRE } from "../../auth/policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { MediationAssignment } from "../../entities/mediation/mediation-assignment";
import { MediationCase, MediationCategory, MediationReferral, MediationStatus } from "../../entities/mediation/mediation-case";
import { MediationParty, MediationPartyRole } from "../../entities/mediation/mediation-party";
import { MediationPartyAct, PartyActKind } from "../../entities/mediation/mediation-party-act";
import { MediationSession } from "../../entities/mediation/mediation-session";
import { Mediator } from "../../entities/mediation/mediator";
import { MediatorRelation } from "../../entities/mediation/mediator-relation";
import { Organization, OrganizationKind } from "../../entities/organization";
import { t } from "../../i18n/text";
import { audit, snapshot } from "../audit";
import { InputCheck, UserErrorCode } from "../errors";
import { actingOrganization, findArea, inTransaction, refuse, text } from "../input-rules";
import { heldPerson } from "../community/person.service";
import { actingParty, caseWorker } from "./mediation-access";
import { conflictOf } from "./mediation-conflicts";
import { announceCase } from "./mediation-events";
import { daysAfter, MAX_EXTENSION_DAYS, MEDIATION_TIME_LIMIT_DAYS, MEDIATION_TRANSITIONS, mediationClock } from "./mediation-lifecycle";

export interface PartyFields {
  personId?: string | null;
  organizationId?: string | null;
}

export interface CaseFields {
  category: MediationCategory;
  summary: string;
  areaCode: string;
  applicants: PartyFields[];
  respondents: PartyFields[];
}

export interface SessionFields {
  heldAt: Date;
  place: string;
  attendeePartyIds?: string[] | null;
  notes?: string | null;
}

const MAX_PARTIES = 20;

/**
 * People's mediation: a committee's roster, its cases and their steps. Every step locks the case, checks the move
 * against MEDIATION_TRANSITIONS, and writes its audit entry and a discreet event (ids and status) in its transaction.
 */
export class MediationService {
  constructor(private readonly dataSource: DataSource) {}

  async addMediator(viewer: Viewer, committeeId: string, personId: string): Promise<Mediator> {
    const actor = actFor(viewer, committeeId, REQUIRE.mediation);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        await committee(manager, committeeId);
        // Only a person who let the committee hold their data may be on its roster.
        await heldPerson(manager, committeeId, personId);
        const mediator = await manager.save(manager.create(Mediator, { organizationId: committeeId, personId }));
        await audit(manager, actor, { action: "addMediator", entityType: "Mediator", entityId: mediator.id, before: null, after: mediator });
        return mediator;
      },
      { constraint: "mediator_once_per_committee", field: "personId", text: t("mediation.alreadyMediator") },
    );
  }

  /** Records a relation the mediator declared; it bars them from cases of that person or organisation. */
  async declareMediatorRelation(viewer: Viewer, committeeId: string, personId: string, related: PartyFields, note: string | null | undefined): Promise<Mediator> {
    const actor = actFor(viewer, committeeId, REQUIRE.mediation);
    return inTransaction(this.dataSource, async (manager) => {
      await committee(manager, committeeId);
      const mediator = await rosterEntry(manager, committeeId, personId, "personId");
      const check = new InputCheck();
      const cleanNote = text(check, "note", note, 300, false);
      await partyTarget(manager, check, "related", related, committeeId);
      check.throwIfAny();
      const relation = await manager.save(
        manager.create(MediatorRelation, { organizationId: committeeId, mediatorPersonId: personId, relatedPersonId: related.personId ?? null, relatedOrganizationId: related.organizationId ?? null, note: cleanNote }),
      );
      await audit(manager, actor, { action: "declareMediatorRelation", entityType: "MediatorRelation", entityId: relation.id, before: null, after: relation });
      return mediator;
    });
  }

  /** Files a case for applicants against respondents; it waits in APPLIED for every party's consent. */
  async fileCase(viewer: Viewer, committeeId: string, fields: CaseFields): Promise<MediationCase> {
    const actor = actFor(viewer, committeeId, REQUIRE.mediation);
    return inTransaction(this.dataSource, async (manager) => {
      await committee(manager, committeeId);
      const check = new InputCheck();
      const summary = text(check, "summary", fields.summary, 5000, true);
      const area = await findArea(manager, check, "areaCode", fields.areaCode);
      const sides = [
        ...(fields.applicants ?? []).map((party, index) => ({ party, role: MediationPartyRole.APPLICANT, key: `applicants.${index}` })),
        ...(fields.respondents ?? []).map((party, index) => ({ party, role: MediationPartyRole.RESPONDENT, key: `respondents.${index}` })),
      ];
      if (!fields.applicants?.length) check.add("applicants", UserErrorCode.REQUIRED, t("mediation.needsApplicant"));
      if (!fields.respondents?.length) check.add("respondents", UserErrorCode.REQUIRED, t("mediation.needsRespondent"));
      if (sides.length > MAX_PARTIES) check.add("respondents", UserErrorCode.OUT_OF_RANGE, t("mediation.tooManyParties", { max: MAX_PARTIES }));
      const seen = new Set<string>();
      for (const { party, key } of sides) {
        await partyTarget(manager, check, key, party, committeeId);
        const id = party.personId ?? party.organizationId ?? "";
        if (seen.has(id)) check.add(key, UserErrorCode.TAKEN, t("mediation.partyTwice"));
        seen.add(id);
      }
      check.throwIfAny();
      const mediationCase = await manager.save(
        manager.create(MediationCase, { committeeId, category: fields.category, summary: summary!, areaCode: area!.code, status: MediationStatus.APPLIED, appliedAt: mediationClock.now() }),
      );
      const parties = await manager.save(
        sides.map(({ party, role }) => manager.create(MediationParty, { caseId: mediationCase.id, role, personId: party.personId ?? null, organizationId: party.organizationId ?? null })),
      );
      await audit(manager, actor, { action: "fileMediationCase", entityType: "MediationCase", entityId: mediationCase.id, before: null, after: { ...mediationCase, parties } });
      await announceCase(manager, mediationCase, "fileMediationCase");
      return mediationCase;
    });
  }

  /** The committee declines a case it will not take up, with the reason. */
  async declineCase(viewer: Viewer, committeeId: string, caseId: string, reason: string): Promise<MediationCase> {
    const actor = actFor(viewer, committeeId, REQUIRE.mediation);
    return inTransaction(this.dataSource, async (manager) => {
      const mediationCase = await committeeCase(manager, committeeId, caseId);
      const check = new InputCheck();
      const cleanReason = text(check, "reason", reason, 1000, true);
      check.throwIfAny();
      return move(manager, actor, "declineMediationCase", mediationCase, MediationStatus.DECLINED, (row) => Object.assign(row, { declineReason: cleanReason, closedAt: mediationClock.now() }));
    });
  }

  /** Assigns a mediator from the roster, unless they are related to a party; `replacing` ends another's assignment. */
  async assignMediator(viewer: Viewer, committeeId: string, caseId: string, personId: string, replacing: string | null): Promise<MediationAssignment> {
    const actor = actFor(viewer, committeeId, REQUIRE.mediation);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const mediationCase = await committeeCase(manager, committeeId, caseId);
        if (MEDIATION_TRANSITIONS[mediationCase.status].length === 0) refuse("caseId", UserErrorCode.INVALID_TRANSITION, t("mediation.caseClosed", { status: mediationCase.status }));
        await rosterEntry(manager, committeeId, personId, "personId");
        const conflict = await conflictOf(manager, caseId, personId, committeeId);
        if (conflict) refuse("personId", UserErrorCode.NOT_PERMITTED, conflict);
        if (replacing) {
          const replaced = await manager.findOne(MediationAssignment, { where: { caseId, mediatorPersonId: replacing, endedAt: IsNull() }, lock: { mode: "pessimistic_write" } });
          if (!replaced) refuse("replacingPersonId", UserErrorCode.NOT_FOUND, t("mediation.notAssigned"));
          const before = snapshot(replaced);
          replaced.endedAt = mediationClock.now();
          await manager.save(replaced);
          await audit(manager, actor, { action: "endMediatorAssignment", entityType: "MediationAssignment", entityId: replaced.id, before, after: replaced });
        }
        const assignment = await manager.save(manager.create(MediationAssignment, { caseId, mediatorPersonId: personId }));
        await audit(manager, actor, { action: "assignMediator", entityType: "MediationAssignment", entityId: assignment.id, before: null, after: assignment });
        await announceCase(manager, mediationCase, "assignMediator");
        return assignment;
      },
      { constraint: "mediation_assignment_once", field: "personId", text: t("mediation.alreadyAssigned") },
    );
  }

  /** A party agrees to mediation or refuses it: the last consent makes the case ACCEPTED, a refusal DECLINED. */
  async answer(viewer: Viewer, caseId: string, partyId: string, agree: boolean): Promise<MediationCase> {
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const { actor, mediationCase, party } = await actingParty(manager, viewer, caseId, partyId);
        requireStatus(mediationCase, [MediationStatus.APPLIED]);
        const act = agree ? PartyActKind.CONSENT : PartyActKind.REFUSE;
        await recordAct(manager, actor, mediationCase, party, act, 0);
        if (!agree) {
          return move(manager, actor, "refuseMediation", mediationCase, MediationStatus.DECLINED, (row) => Object.assign(row, { declineReason: t("mediation.partyRefused").render("zh-Hant"), closedAt: mediationClock.now() }));
        }
        if (!(await everyParty(manager, mediationCase, PartyActKind.CONSENT, 0))) return eventOnly(manager, mediationCase, "agreeToMediation");
        const now = mediationClock.now();
        return move(manager, actor, "acceptMediationCase", mediationCase, MediationStatus.ACCEPTED, (row) => Object.assign(row, { acceptedAt: now, dueAt: daysAfter(now, MEDIATION_TIME_LIMIT_DAYS) }));
      },
      { constraint: "mediation_party_act_once", field: "partyId", text: t("mediation.alreadyAnswered") },
    );
  }

  /** A session of a case: the first one moves an ACCEPTED case IN_MEDIATION. Attendees must be the case's parties. */
  async recordSession(viewer: Viewer, caseId: string, fields: SessionFields): Promise<MediationSession> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, mediationCase } = await caseWorker(manager, viewer, caseId);
      requireStatus(mediationCase, [MediationStatus.ACCEPTED, MediationStatus.IN_MEDIATION]);
      const check = new InputCheck();
      const place = text(check, "place", fields.place, 300, true);
      const notes = text(check, "notes", fields.notes, 10000, false);
      const parties = await manager.findBy(MediationParty, { caseId });
      const attendees = [...new Set(fields.attendeePartyIds ?? [])];
      if (attendees.some((id) => !parties.some((party) => party.id === id))) check.add("attendeePartyIds", UserErrorCode.NOT_FOUND, t("mediation.attendeeNotParty"));
      const mediators = await manager.findBy(MediationAssignment, { caseId, endedAt: IsNull() });
      if (mediators.length === 0) check.add("caseId", UserErrorCode.REQUIRED, t("mediation.noMediator"));
      if (Number.isNaN(fields.heldAt.getTime())) check.add("heldAt", UserErrorCode.INVALID, t("mediation.badDate"));
      check.throwIfAny();
      const session = await manager.save(
        manager.create(MediationSession, { caseId, heldAt: fields.heldAt, place: place!, attendeePartyIds: attendees, attendeeMediatorIds: mediators.map((row) => row.mediatorPersonId), notes }),
      );
      await audit(manager, actor, { action: "recordMediationSession", entityType: "MediationSession", entityId: session.id, before: null, after: session });
      if (mediationCase.status === MediationStatus.ACCEPTED) await move(manager, actor, "startMediation", mediationCase, MediationStatus.IN_MEDIATION, () => undefined);
      else await eventOnly(manager, mediationCase, "recordMediationSession");
      return session;
    });
  }

  /** New terms for the parties to sign: signatures of earlier wordings no longer count. */
  async proposeTerms(viewer: Viewer, caseId: string, terms: string): Promise<MediationCase> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, mediationCase } = await caseWorker(manager, viewer, caseId);
      requireStatus(mediationCase, [MediationStatus.IN_MEDIATION]);
      const check = new InputCheck();
      const clean = text(check, "terms", terms, 10000, true);
      check.throwIfAny();
      return change(manager, actor, "proposeAgreementTerms", mediationCase, (row) => Object.assign(row, { terms: clean, termsRound: row.termsRound + 1 }));
    });
  }

  /** A party signs the terms as they stand. */
  async sign(viewer: Viewer, caseId: string, partyId: string): Promise<MediationCase> {
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const { actor, mediationCase, party } = await actingParty(manager, viewer, caseId, partyId);
        requireStatus(mediationCase, [MediationStatus.IN_MEDIATION]);
        if (mediationCase.termsRound === 0) refuse("caseId", UserErrorCode.REQUIRED, t("mediation.noTerms"));
        await recordAct(manager, actor, mediationCase, party, PartyActKind.SIGN, mediationCase.termsRound);
        return eventOnly(manager, mediationCase, "signAgreement");
      },
      { constraint: "mediation_party_act_once", field: "partyId", text: t("mediation.alreadySigned") },
    );
  }

  /** Proposes to extend the time limit by `days`; it takes effect when every party agrees. */
  async proposeExtension(viewer: Viewer, caseId: string, days: number): Promise<MediationCase> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, mediationCase } = await caseWorker(manager, viewer, caseId);
      requireStatus(mediationCase, [MediationStatus.ACCEPTED, MediationStatus.IN_MEDIATION]);
      if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) refuse("days", UserErrorCode.OUT_OF_RANGE, t("mediation.extensionOutOfRange", { max: MAX_EXTENSION_DAYS }));
      return change(manager, actor, "proposeExtension", mediationCase, (row) => Object.assign(row, { extensionDays: days, extensionRound: row.extensionRound + 1 }));
    });
  }

  /** A party agrees to the proposed extension; with the last party's agreement the deadline moves. */
  async agreeToExtension(viewer: Viewer, caseId: string, partyId: string): Promise<MediationCase> {
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const { actor, mediationCase, party } = await actingParty(manager, viewer, caseId, partyId);
        requireStatus(mediationCase, [MediationStatus.ACCEPTED, MediationStatus.IN_MEDIATION]);
        if (mediationCase.extensionDays === null) refuse("caseId", UserErrorCode.REQUIRED, t("mediation.noExtension"));
        await recordAct(manager, actor, mediationCase, party, PartyActKind.EXTEND, mediationCase.extensionRound);
        if (!(await everyParty(manager, mediationCase, PartyActKind.EXTEND, mediationCase.extensionRound))) return eventOnly(manager, mediationCase, "agreeToExtension");
        return change(manager, actor, "extendMediation", mediationCase, (row) => Object.assign(row, { dueAt: daysAfter(row.dueAt!, row.extensionDays!), extensionDays: null }));
      },
      { constraint: "mediation_party_act_once", field: "partyId", text: t("mediation.alreadyAgreedToExtend") },
    );
  }

  /** Ends mediation: AGREEMENT only when every party signed the terms; NO_AGREEMENT with where the parties are referred. */
  async conclude(viewer: Viewer, caseId: string, outcome: MediationStatus, referral: MediationReferral | null, referralNote: string | null | undefined): Promise<MediationCase> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, mediationCase } = await caseWorker(manager, viewer, caseId);
      if (outcome !== MediationStatus.AGREEMENT && outcome !== MediationStatus.NO_AGREEMENT) refuse("outcome", UserErrorCode.INVALID, t("mediation.outcomeInvalid"));
      requireStatus(mediationCase, [MediationStatus.IN_MEDIATION]);
      const check = new InputCheck();
      const note = text(check, "referralNote", referralNote, 1000, false);
      if (outcome === MediationStatus.AGREEMENT) {
        if (referral) check.add("referral", UserErrorCode.INVALID, t("mediation.referralWithAgreement"));
        if (mediationCase.termsRound === 0) check.add("outcome", UserErrorCode.REQUIRED, t("mediation.noTerms"));
        else if (!(await everyParty(manager, mediationCase, PartyActKind.SIGN, mediationCase.termsRound))) check.add("outcome", UserErrorCode.REQUIRED, t("mediation.unsigned"));
      } else if (!referral) check.add("referral", UserErrorCode.REQUIRED, t("mediation.referralRequired"));
      check.throwIfAny();
      return move(manager, actor, "concludeMediation", mediationCase, outcome, (row) => Object.assign(row, { referral: referral ?? null, referralNote: note, closedAt: mediationClock.now() }));
    });
  }

  /** A party withdraws: mediation is voluntary, at any point before it concludes. */
  async withdraw(viewer: Viewer, caseId: string, partyId: string): Promise<MediationCase> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, mediationCase } = await actingParty(manager, viewer, caseId, partyId);
      return move(manager, actor, "withdrawMediationCase", mediationCase, MediationStatus.WITHDRAWN, (row) => Object.assign(row, { closedAt: mediationClock.now() }));
    });
  }

  /** A party asks the committee to replace an assigned mediator; the committee's ADMIN then assigns another. */
  async requestReplacement(viewer: Viewer, caseId: string, partyId: string, assignmentId: string, reason: string): Promise<MediationAssignment> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, mediationCase, party } = await actingParty(manager, viewer, caseId, partyId);
      if (MEDIATION_TRANSITIONS[mediationCase.status].length === 0) refuse("caseId", UserErrorCode.INVALID_TRANSITION, t("mediation.caseClosed", { status: mediationCase.status }));
      const check = new InputCheck();
      const cleanReason = text(check, "reason", reason, 1000, true);
      check.throwIfAny();
      const assignment = await manager.findOne(MediationAssignment, { where: { id: assignmentId, caseId, endedAt: IsNull() }, lock: { mode: "pessimistic_write" } });
      if (!assignment) refuse("assignmentId", UserErrorCode.NOT_FOUND, t("mediation.notAssigned"));
      if (assignment.replacementRequestedAt) refuse("assignmentId", UserErrorCode.TAKEN, t("mediation.replacementAlreadyRequested"));
      const before = snapshot(assignment);
      Object.assign(assignment, { replacementRequestedByPartyId: party.id, replacementReason: cleanReason, replacementRequestedAt: mediationClock.now() });
      const saved = await manager.save(assignment);
      await audit(manager, actor, { action: "requestMediatorReplacement", entityType: "MediationAssignment", entityId: saved.id, before, after: saved });
      await announceCase(manager, mediationCase, "requestMediatorReplacement", party.id);
      return saved;
    });
  }
}

/** The acting organisation, which must be a people's mediation committee. */
async function committee(manager: EntityManager, committeeId: string): Promise<Organization> {
  const organization = await actingOrganization(manager, committeeId);
  if (organization.kind !== OrganizationKind.MEDIATION_COMMITTEE) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("mediation.notCommittee", { kind: organization.kind }));
  return organization;
}

/** One of the committee's cases, locked; another committee's answers as missing. */
async function committeeCase(manager: EntityManager, committeeId: string, caseId: string): Promise<MediationCase> {
  await committee(manager, committeeId);
  const found = await manager.findOne(MediationCase, { where: { id: caseId }, lock: { mode: "pessimistic_write" } });
  if (!found || found.committeeId !== committeeId) refuse("caseId", UserErrorCode.NOT_FOUND, t("mediation.caseNotFound"));
  return found;
}

async function rosterEntry(manager: EntityManager, committeeId: string, personId: string, field: string): Promise<Mediator> {
  const mediator = await manager.findOneBy(Mediator, { organizationId: committeeId, personId });
  if (!mediator) refuse(field, UserErrorCode.NOT_FOUND, t("mediation.notMediator"));
  return mediator;
}

/**
 * A party named in the input: exactly one of a person the committee holds consent of (their data is the committee's
 * to keep only so) or an organisation.
 */
export async function partyTarget(manager: EntityManager, check: InputCheck, key: string, party: PartyFields, committeeId: string): Promise<void> {
  if (!party || !party.personId === !party.organizationId) {
    check.add(key, UserErrorCode.INVALID, t("mediation.personOrOrganization"));
    return;
  }
  if (party.personId) {
    const held = await manager.query(`SELECT 1 FROM person_consent c JOIN person p ON p.id = c.person_id WHERE c.person_id = $1 AND c.organization_id = $2 AND c.withdrawn_at IS NULL AND p.erased_at IS NULL`, [party.personId, committeeId]);
    if (held.length === 0) check.add(`${key}.personId`, UserErrorCode.NOT_FOUND, t("person.notHeld"));
  } else if (!(await manager.existsBy(Organization, { id: party.organizationId! }))) {
    check.add(`${key}.organizationId`, UserErrorCode.NOT_FOUND, t("organization.notFound"));
  }
}

function requireStatus(mediationCase: MediationCase, statuses: MediationStatus[]): void {
  if (!statuses.includes(mediationCase.status)) refuse("caseId", UserErrorCode.INVALID_TRANSITION, t("mediation.wrongStatus", { status: mediationCase.status, expected: statuses.join(", ") }));
}

async function recordAct(manager: EntityManager, actor: Actor, mediationCase: MediationCase, party: MediationParty, act: PartyActKind, round: number): Promise<void> {
  const row = await manager.save(manager.create(MediationPartyAct, { caseId: mediationCase.id, partyId: party.id, act, round, actedByUserId: actor.userId, createdAt: mediationClock.now() }));
  await audit(manager, actor, { action: `mediationParty${act}`, entityType: "MediationPartyAct", entityId: row.id, before: null, after: row });
}

/** Whether every party of the case did `act` in `round`. */
async function everyParty(manager: EntityManager, mediationCase: MediationCase, act: PartyActKind, round: number): Promise<boolean> {
  const [{ missing }]: [{ missing: number }] = await manager.query(
    `SELECT count(*)::int AS missing FROM mediation_party p
     WHERE p.case_id = $1 AND NOT EXISTS (SELECT 1 FROM mediation_party_act a WHERE a.party_id = p.id AND a.act = $2 AND a.round = $3)`,
    [mediationCase.id, act, round],
  );
  return missing === 0;
}

/** Moves the case along MEDIATION_TRANSITIONS, with `also` setting what the move sets. */
async function move(manager: EntityManager, actor: Actor, action: string, mediationCase: MediationCase, status: MediationStatus, also: (row: MediationCase) => void): Promise<MediationCase> {
  const allowed = MEDIATION_TRANSITIONS[mediationCase.status];
  if (!allowed.includes(status)) {
    refuse("caseId", UserErrorCode.INVALID_TRANSITION, t("mediation.transitionNotAllowed", { status: mediationCase.status, requested: status, allowed: allowed.length ? allowed.join(", ") : "—" }));
  }
  return change(manager, actor, action, mediationCase, (row) => {
    row.status = status;
    also(row);
  });
}

async function change(manager: EntityManager, actor: Actor, action: string, mediationCase: MediationCase, apply: (row: MediationCase) => void): Promise<MediationCase> {
  const before = snapshot(mediationCase);
  apply(mediationCase);
  const saved = await manager.save(mediationCase);
  await audit(manager, actor, { action, entityType: "MediationCase", entityId: saved.id, before, after: saved });
  await announceCase(manager, saved, action);
  return saved;
}

/** A party's step that changes nothing of the case itself: its committee hears of it all the same. */
async function eventOnly(manager: EntityManager, mediationCase: MediationCase, step: string): Promise<MediationCase> {
  await announceCase(manager, mediationCase, step);
  return mediationCase;
}
