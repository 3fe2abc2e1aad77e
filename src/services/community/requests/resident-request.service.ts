import { DataSource, EntityManager, IsNull } from "typeorm";
import { actFor, REQUIRE, signedInUser } from "../../../auth/policy";
import type { Actor, Viewer } from "../../../auth/viewer";
import { AreaLevel } from "../../../entities/area";
import { Person } from "../../../entities/community/person";
import { PersonConsent } from "../../../entities/community/person-consent";
import { RequestRoutingRule } from "../../../entities/community/request-routing-rule";
import { ContactChannel, RequestCategory, RequestStatus, ResidentRequest } from "../../../entities/community/resident-request";
import { RequestStepKind, ResidentRequestStep } from "../../../entities/community/resident-request-step";
import { TeamMembership } from "../../../entities/community/team-membership";
import { Organization, OrganizationKind, VerificationStatus } from "../../../entities/organization";
import { Partnership, PartnershipStatus } from "../../../entities/partnership";
import { Project } from "../../../entities/project";
import { Urgency } from "../../../entities/resource-need";
import { recordEvents, requestEvent } from "../../../events/outbox";
import { t } from "../../../i18n/text";
import { AUTHORITY_KINDS } from "../../../auth/vouching";
import { audit, snapshot } from "../../audit";
import { DomainError, InputCheck, UserErrorCode } from "../../errors";
import { actingOrganization, findArea, inTransaction, refuse, requireFields, text } from "../../input-rules";
import { CLOSED_PROJECT_STATUSES } from "../../project.service";
import type { NeedFields, ResourceNeedService } from "../../resource-need.service";
import { AWAITING_ACCEPTANCE, FINISHED, PLAIN_STEPS, REQUEST_TRANSITIONS, RequestStepTaker } from "./request-lifecycle";
import { keepsRouting, routeRequest } from "./request-routing";
import { ACCEPT_WITHIN_HOURS, REOPEN_WITHIN_DAYS, RequestTimeLimits, resolveDeadline } from "./request-time-limits";

export interface RequestFields {
  category: RequestCategory;
  description: string;
  areaCode: string;
  place?: string | null;
  urgency: Urgency;
  preferredContact: ContactChannel;
  contactValue?: string | null;
  /** The requester agrees that the contact value is kept to handle the request. */
  consentToKeepContact?: boolean | null;
  identityVisibleToHandler: boolean;
}

export interface Filing {
  /** The intake organisation whose member enters the request for a resident; absent when residents file themselves. */
  actingOrganizationId?: string | null;
  /** The resident it is entered for: a person holding the intake organisation's consent. */
  onBehalfOfPersonId?: string | null;
}

export interface Assignee {
  personId?: string | null;
  teamId?: string | null;
}

/** Kinds whose members enter requests for residents: grid workers (Party and government organisations) and service centres. */
export const INTAKE_KINDS: readonly OrganizationKind[] = [...AUTHORITY_KINDS, OrganizationKind.SERVICE_CENTER];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// Numbers with spaces, dashes, brackets and a leading +; an email address; a WeChat id.
const CONTACT_FORMATS: Record<Exclude<ContactChannel, ContactChannel.IN_APP>, RegExp> = {
  PHONE: /^\+?[0-9][0-9 ()-]{4,19}$/,
  SMS: /^\+?[0-9][0-9 ()-]{4,19}$/,
  EMAIL: /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/,
  WECHAT: /^[A-Za-z][-_A-Za-z0-9]{5,19}$/,
};

/** A request as the audit log keeps it: never the contact value (erasure need not look there). */
export function auditRecordOf(request: ResidentRequest): Record<string, unknown> {
  const record = snapshot(request)!;
  record.contactValue = request.contactValue === null ? null : "***";
  return record;
}

/**
 * Residents' requests from filing to closure: routing, the lifecycle of request-lifecycle.ts, time limits,
 * and links to projects and needs. Each step locks the request's row, writes a history step, an audit entry
 * and an event in one transaction.
 */
export class ResidentRequestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: RequestTimeLimits,
    private readonly needs: ResourceNeedService,
  ) {}

  async file(viewer: Viewer, filing: Filing, fields: RequestFields): Promise<ResidentRequest> {
    if (viewer.kind === "apiKey" || viewer.kind === "organization") throw new DomainError("FORBIDDEN", t("auth.keyNotForPersonalWork"));
    const actingId = filing.actingOrganizationId ?? null;
    const actor: Actor = actingId
      ? actFor(viewer, actingId, REQUIRE.requestIntake)
      : { organizationId: null, userId: viewer.kind === "user" ? viewer.user.id : null, apiKeyId: null };
    return inTransaction(this.dataSource, (manager) => this.fileIn(manager, viewer, actor, filing, fields));
  }

  /** Files a request in the caller's transaction, `actor` already allowed to: a household visit's finding opens one so. */
  async fileIn(manager: EntityManager, viewer: Viewer, actor: Actor, filing: Filing, fields: RequestFields): Promise<ResidentRequest> {
    const actingId = filing.actingOrganizationId ?? null;
    const check = new InputCheck();
    requireFields(check, fields, ["category", "description", "areaCode", "urgency", "preferredContact", "identityVisibleToHandler"], true);
    const description = text(check, "description", fields.description, 2000, true);
    const place = text(check, "place", fields.place, 300, false);
    const area = fields.areaCode ? await findArea(manager, check, "areaCode", fields.areaCode) : null;
    let requesterPersonId: string | null = null;
    if (actingId) {
      const intake = await actingOrganization(manager, actingId);
      if (!INTAKE_KINDS.includes(intake.kind)) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("request.notIntake", { name: intake.name }));
      if (filing.onBehalfOfPersonId) requesterPersonId = await consentingPerson(manager, check, filing.onBehalfOfPersonId, actingId);
    } else if (filing.onBehalfOfPersonId) {
      check.add("onBehalfOfPersonId", UserErrorCode.INVALID, t("request.onBehalfNeedsIntake"));
    } else if (viewer.kind === "user") {
      requesterPersonId = (await manager.findOneBy(Person, { userId: viewer.user.id }))?.id ?? null;
    }
    const contactValue = contactOf(check, fields, requesterPersonId !== null);
    check.throwIfAny();
    const route = await routeRequest(manager, area!.code, fields.category);
    if (!route) refuse("areaCode", UserErrorCode.NOT_FOUND, t("request.nobodyHandles", { code: area!.code }));
    const now = await transactionTime(manager);
    const request = await manager.save(
      manager.create(ResidentRequest, {
        category: fields.category, description: description!, areaCode: area!.code, place, urgency: fields.urgency, preferredContact: fields.preferredContact,
        contactValue, contactConsentedAt: contactValue === null ? null : now, identityVisibleToHandler: fields.identityVisibleToHandler,
        requesterPersonId, filedByOrganizationId: actingId, handlingOrganizationId: route.organizationId, routingRuleId: route.ruleId,
        status: RequestStatus.SUBMITTED, acceptBy: new Date(now.getTime() + ACCEPT_WITHIN_HOURS * HOUR_MS), escalationLevel: 0,
      }),
    );
    await step(manager, request, RequestStepKind.FILED, null, actor, null, now);
    await audit(manager, actor, { action: "fileResidentRequest", entityType: "ResidentRequest", entityId: request.id, before: null, after: auditRecordOf(request) });
    await recordEvents(manager, [requestEvent(request, RequestStepKind.FILED)]);
    return request;
  }

  /**
   * Accept, start, resolve, close or reject (PLAIN_STEPS), as the handler's COORDINATOR (`actingId`), or, without
   * one, as the requester: close a resolved request, or reopen it (REOPENED) within 7 days of its resolution.
   */
  async changeStatus(viewer: Viewer, actingId: string | null, requestId: string, status: RequestStatus, reason: string | null | undefined): Promise<ResidentRequest> {
    const taker: RequestStepTaker = actingId ? "HANDLER" : "REQUESTER";
    const actor = actingId ? actFor(viewer, actingId, REQUIRE.requestHandling) : requesterActor(viewer);
    return inTransaction(this.dataSource, async (manager) => {
      const request = actingId ? await lockHandled(manager, actingId, requestId) : await lockOwn(manager, actor.userId!, requestId);
      const allowedSteps = taker === "HANDLER" ? PLAIN_STEPS : [RequestStatus.CLOSED, RequestStatus.REOPENED];
      if (!allowedSteps.includes(status)) refuse("status", UserErrorCode.INVALID, t("request.stepHasOwnMutation", { status }));
      const why = moveAllowed(request, status, taker, reason);
      const now = await transactionTime(manager);
      if (status === RequestStatus.REOPENED && request.resolvedAt && now.getTime() - request.resolvedAt.getTime() > REOPEN_WITHIN_DAYS * DAY_MS) {
        refuse("status", UserErrorCode.OUT_OF_RANGE, t("request.reopenTooLate", { days: REOPEN_WITHIN_DAYS }));
      }
      const before = auditRecordOf(request);
      const from = request.status;
      request.status = status;
      if (status === RequestStatus.ACCEPTED) {
        request.acceptBy = null;
        request.resolveBy = resolveDeadline(now, this.limits.resolveWorkingDays[request.category], this.limits);
        clearOverdue(request);
      } else if (status === RequestStatus.RESOLVED) {
        request.resolvedAt = now;
      } else if (status === RequestStatus.REOPENED) {
        // A new period to resolve it, from the day it came back.
        request.resolvedAt = null;
        request.resolveBy = resolveDeadline(now, this.limits.resolveWorkingDays[request.category], this.limits);
        clearOverdue(request);
      } else if (status === RequestStatus.REJECTED) {
        request.acceptBy = null;
        request.resolveBy = null;
      }
      return this.save(manager, actor, request, from, why, now, "changeResidentRequestStatus", before);
    });
  }

  /** Gives the request to a person on the handler's team roster, or to a volunteer team; again to reassign it. */
  async assign(viewer: Viewer, actingId: string, requestId: string, assignee: Assignee, reason: string | null | undefined): Promise<ResidentRequest> {
    const actor = actFor(viewer, actingId, REQUIRE.requestHandling);
    return inTransaction(this.dataSource, async (manager) => {
      const request = await lockHandled(manager, actingId, requestId);
      const check = new InputCheck();
      if (!assignee.personId === !assignee.teamId) check.add("personId", UserErrorCode.REQUIRED, t("request.oneAssignee"));
      if (assignee.personId && !(await manager.existsBy(TeamMembership, { organizationId: actingId, personId: assignee.personId }))) {
        check.add("personId", UserErrorCode.NOT_FOUND, t("request.assigneeNotOnRoster"));
      }
      if (assignee.teamId && !(await manager.existsBy(Organization, { id: assignee.teamId, kind: OrganizationKind.VOLUNTEER_TEAM }))) {
        check.add("teamId", UserErrorCode.NOT_FOUND, t("request.teamNotFound"));
      }
      check.throwIfAny();
      const why = moveAllowed(request, RequestStatus.ASSIGNED, "HANDLER", reason);
      const before = auditRecordOf(request);
      const from = request.status;
      Object.assign(request, { status: RequestStatus.ASSIGNED, assigneePersonId: assignee.personId ?? null, assigneeTeamId: assignee.teamId ?? null });
      return this.save(manager, actor, request, from, why, await transactionTime(manager), "assignResidentRequest", before);
    });
  }

  /** Hands the request to another organisation, which has 24 hours to accept it; the history keeps who had it. */
  async transfer(viewer: Viewer, actingId: string, requestId: string, organizationId: string, reason: string | null | undefined): Promise<ResidentRequest> {
    const actor = actFor(viewer, actingId, REQUIRE.requestHandling);
    return inTransaction(this.dataSource, async (manager) => {
      const request = await lockHandled(manager, actingId, requestId);
      if (organizationId === actingId) refuse("organizationId", UserErrorCode.INVALID, t("request.transferToSelf"));
      if (!(await manager.existsBy(Organization, { id: organizationId }))) refuse("organizationId", UserErrorCode.NOT_FOUND, t("organization.notFound"));
      const why = moveAllowed(request, RequestStatus.TRANSFERRED, "HANDLER", reason);
      const now = await transactionTime(manager);
      const before = auditRecordOf(request);
      const from = request.status;
      Object.assign(request, {
        status: RequestStatus.TRANSFERRED, handlingOrganizationId: organizationId, assigneePersonId: null, assigneeTeamId: null,
        acceptBy: new Date(now.getTime() + ACCEPT_WITHIN_HOURS * HOUR_MS), resolveBy: null,
      });
      clearOverdue(request);
      return this.save(manager, actor, request, from, why, now, "transferResidentRequest", before);
    });
  }

  /** Links the request to a project the handler leads or is an active partner of, or posts a need of that project from it. */
  async linkToProject(viewer: Viewer, actingId: string, requestId: string, projectId: string, need: NeedFields | null): Promise<ResidentRequest> {
    const actor = actFor(viewer, actingId, need ? REQUIRE.needs : REQUIRE.requestHandling);
    return inTransaction(this.dataSource, async (manager) => {
      const request = await lockHandled(manager, actingId, requestId);
      if (FINISHED.includes(request.status)) refuse("requestId", UserErrorCode.INVALID_TRANSITION, t("request.finished", { status: request.status }));
      if (AWAITING_ACCEPTANCE.includes(request.status)) refuse("requestId", UserErrorCode.INVALID_TRANSITION, t("request.acceptFirst"));
      const before = auditRecordOf(request);
      if (need) {
        const posted = await this.needs.postIn(manager, viewer, actor, actingId, projectId, { ...need, description: need.description ?? request.description });
        request.needId = posted.id;
      } else {
        const project = await manager.findOneBy(Project, { id: projectId });
        const partner = project && (project.leadOrganizationId === actingId || (await manager.existsBy(Partnership, { projectId, organizationId: actingId, status: PartnershipStatus.ACTIVE })));
        if (!project || !partner) refuse("projectId", UserErrorCode.NOT_FOUND, t("request.projectNotShared"));
        if (CLOSED_PROJECT_STATUSES.includes(project.status)) refuse("projectId", UserErrorCode.INVALID_TRANSITION, t("need.projectClosed", { status: project.status }));
      }
      request.projectId = projectId;
      const saved = await manager.save(request);
      const now = await transactionTime(manager);
      await step(manager, saved, RequestStepKind.LINKED, saved.status, actor, need ? "need posted" : "linked to project", now);
      await audit(manager, actor, { action: need ? "postNeedFromResidentRequest" : "linkResidentRequestToProject", entityType: "ResidentRequest", entityId: saved.id, before, after: auditRecordOf(saved) });
      await recordEvents(manager, [requestEvent(saved, RequestStepKind.LINKED)]);
      return saved;
    });
  }

  /** Sets the line for (area prefix, category) of the routing table: where such requests go from now on. */
  async setRoutingRule(viewer: Viewer, actingId: string, fields: { areaPrefix: string; category: RequestCategory; organizationId: string }): Promise<RequestRoutingRule> {
    const actor = actFor(viewer, actingId, REQUIRE.requestRouting);
    return inTransaction(this.dataSource, async (manager) => {
      await requireRoutingKeeper(manager, actingId, fields.areaPrefix);
      if (!(await manager.existsBy(Organization, { id: fields.organizationId }))) refuse("organizationId", UserErrorCode.NOT_FOUND, t("organization.notFound"));
      const existing = await manager.findOne(RequestRoutingRule, { where: { areaPrefix: fields.areaPrefix, category: fields.category }, lock: { mode: "pessimistic_write" } });
      const before = snapshot(existing);
      const rule = existing ?? manager.create(RequestRoutingRule, { areaPrefix: fields.areaPrefix, category: fields.category });
      Object.assign(rule, { organizationId: fields.organizationId, keptByOrganizationId: actingId });
      const saved = await manager.save(rule);
      await audit(manager, actor, { action: "setRequestRoutingRule", entityType: "RequestRoutingRule", entityId: saved.id, before, after: saved });
      return saved;
    }, { constraint: "request_routing_rule_once", field: "category", text: t("request.ruleChangedMeanwhile") });
  }

  async removeRoutingRule(viewer: Viewer, actingId: string, ruleId: string): Promise<RequestRoutingRule> {
    const actor = actFor(viewer, actingId, REQUIRE.requestRouting);
    return inTransaction(this.dataSource, async (manager) => {
      const rule = await manager.findOne(RequestRoutingRule, { where: { id: ruleId }, lock: { mode: "pessimistic_write" } });
      if (!rule) refuse("ruleId", UserErrorCode.NOT_FOUND, t("request.ruleNotFound"));
      await requireRoutingKeeper(manager, actingId, rule.areaPrefix);
      const removed = Object.assign(new RequestRoutingRule(), rule);
      await manager.delete(RequestRoutingRule, { id: rule.id });
      await audit(manager, actor, { action: "removeRequestRoutingRule", entityType: "RequestRoutingRule", entityId: rule.id, before: snapshot(rule), after: null });
      return removed;
    });
  }

  /** Writes the step's row, history, audit entry and event. */
  private async save(manager: EntityManager, actor: Actor, request: ResidentRequest, from: RequestStatus, reason: string | null, now: Date, action: string, before: Record<string, unknown>): Promise<ResidentRequest> {
    const saved = await manager.save(request);
    await step(manager, saved, RequestStepKind.STATUS_CHANGED, from, actor, reason, now);
    await audit(manager, actor, { action, entityType: "ResidentRequest", entityId: saved.id, before, after: auditRecordOf(saved) });
    await recordEvents(manager, [requestEvent(saved, RequestStepKind.STATUS_CHANGED)]);
    return saved;
  }
}

/** The database's clock for the transaction: deadlines and history agree with what the sweep compares them to. */
export async function transactionTime(manager: EntityManager): Promise<Date> {
  const [{ now }]: { now: Date }[] = await manager.query(`SELECT now() AS now`);
  return now;
}

/** Adds a step to the request's history. */
export async function step(manager: EntityManager, request: ResidentRequest, kind: RequestStepKind, from: RequestStatus | null, actor: Actor | null, reason: string | null, at: Date): Promise<void> {
  await manager.insert(ResidentRequestStep, {
    requestId: request.id, kind, fromStatus: from, toStatus: request.status, handlingOrganizationId: request.handlingOrganizationId,
    organizationId: kind === RequestStepKind.ESCALATED ? request.escalatedToOrganizationId : (actor?.organizationId ?? null), actorUserId: actor?.userId ?? null, reason, occurredAt: at,
  });
}

function clearOverdue(request: ResidentRequest): void {
  request.overdueSince = null;
  request.escalationLevel = 0;
}

/** Whether REQUEST_TRANSITIONS lets `taker` move the request to `status`; the reason, trimmed, when the move needs one. */
function moveAllowed(request: ResidentRequest, status: RequestStatus, taker: RequestStepTaker, reason: string | null | undefined): string | null {
  const move = REQUEST_TRANSITIONS[request.status][status];
  if (!move || !move.by.includes(taker)) {
    const allowed = Object.entries(REQUEST_TRANSITIONS[request.status]).filter(([, rule]) => rule.by.includes(taker)).map(([next]) => next);
    refuse("status", UserErrorCode.INVALID_TRANSITION, t("request.transitionNotAllowed", { status: request.status, requested: status, allowed: allowed.length ? allowed : "—" }));
  }
  const check = new InputCheck();
  const why = text(check, "reason", reason, 1000, Boolean(move.reason));
  if (move.reason && reason == null) check.add("reason", UserErrorCode.REQUIRED, t("request.reasonRequired", { status }));
  check.throwIfAny();
  return why;
}

function requesterActor(viewer: Viewer): Actor {
  const { user } = signedInUser(viewer);
  return { organizationId: null, userId: user.id, apiKeyId: null };
}

/** The request the acting organisation handles now, locked; any other answers as missing. */
export async function lockHandled(manager: EntityManager, actingId: string, requestId: string): Promise<ResidentRequest> {
  await actingOrganization(manager, actingId);
  const request = await manager.findOne(ResidentRequest, { where: { id: requestId }, lock: { mode: "pessimistic_write" } });
  if (!request || request.handlingOrganizationId !== actingId) refuse("requestId", UserErrorCode.NOT_FOUND, t("request.notHandled"));
  return request;
}

/** The signed-in resident's own request, locked; any other answers as missing. */
async function lockOwn(manager: EntityManager, userId: string, requestId: string): Promise<ResidentRequest> {
  const person = await manager.findOneBy(Person, { userId });
  const request = await manager.findOne(ResidentRequest, { where: { id: requestId }, lock: { mode: "pessimistic_write" } });
  if (!request || !person || request.requesterPersonId !== person.id) refuse("requestId", UserErrorCode.NOT_FOUND, t("request.notYours"));
  return request;
}

/** The person a request is entered for: one who consented to the intake organisation holding their data. */
async function consentingPerson(manager: EntityManager, check: InputCheck, personId: string, organizationId: string): Promise<string | null> {
  const consents = await manager.existsBy(PersonConsent, { personId, organizationId, withdrawnAt: IsNull() });
  if (!consents) check.add("onBehalfOfPersonId", UserErrorCode.NOT_FOUND, t("request.personWithoutConsent"));
  return consents ? personId : null;
}

/** The contact value to keep: none for IN_APP (only a known person may choose it), else one in the channel's format, with consent. */
function contactOf(check: InputCheck, fields: RequestFields, knownPerson: boolean): string | null {
  if (fields.preferredContact === ContactChannel.IN_APP) {
    if (!knownPerson) check.add("preferredContact", UserErrorCode.INVALID, t("request.inAppNeedsPerson"));
    if (fields.contactValue != null) check.add("contactValue", UserErrorCode.INVALID, t("request.inAppNoValue"));
    return null;
  }
  if (!fields.preferredContact) return null;
  const value = text(check, "contactValue", fields.contactValue, 100, true);
  if (value === null) {
    if (!check.has("contactValue")) check.add("contactValue", UserErrorCode.REQUIRED, t("request.contactRequired", { channel: fields.preferredContact }));
    return null;
  }
  if (!CONTACT_FORMATS[fields.preferredContact].test(value)) check.add("contactValue", UserErrorCode.INVALID, t("request.contactFormat", { channel: fields.preferredContact }));
  if (fields.consentToKeepContact !== true) check.add("consentToKeepContact", UserErrorCode.REQUIRED, t("request.contactConsent"));
  return value;
}

/** The acting organisation keeps routing rules for `areaPrefix` (request-routing.ts): verified, and over that area. */
async function requireRoutingKeeper(manager: EntityManager, actingId: string, areaPrefix: string): Promise<void> {
  const acting = await actingOrganization(manager, actingId);
  const [{ level }]: { level: AreaLevel }[] = await manager.query(`SELECT level FROM area WHERE code = $1`, [acting.areaCode]);
  if (!keepsRouting(acting, level)) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("request.notRoutingKeeper", { name: acting.name }));
  if (acting.verificationStatus !== VerificationStatus.VERIFIED) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("request.keeperNotVerified", { name: acting.name }));
  const check = new InputCheck();
  const area = await findArea(manager, check, "areaPrefix", areaPrefix);
  check.throwIfAny();
  if (!area!.code.startsWith(acting.areaCode)) refuse("areaPrefix", UserErrorCode.OUT_OF_RANGE, t("request.ruleOutsideArea", { code: areaPrefix, area: acting.areaCode }));
}
