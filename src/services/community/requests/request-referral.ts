import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE } from "../../../auth/policy";
import type { Viewer } from "../../../auth/viewer";
import { RequestMediationReferral } from "../../../entities/community/request-mediation-referral";
import { RequestCategory, ResidentRequest } from "../../../entities/community/resident-request";
import { RequestStepKind } from "../../../entities/community/resident-request-step";
import { MediationCase, MediationCategory, MediationStatus } from "../../../entities/mediation/mediation-case";
import { MediationParty, MediationPartyRole } from "../../../entities/mediation/mediation-party";
import { Organization, OrganizationKind } from "../../../entities/organization";
import { mediationCaseEvent, recordEvents, requestEvent } from "../../../events/outbox";
import { t } from "../../../i18n/text";
import { audit } from "../../audit";
import { InputCheck, UserErrorCode } from "../../errors";
import { inTransaction, refuse } from "../../input-rules";
import { mediationClock } from "../../mediation/mediation-lifecycle";
import { partyTarget, PartyFields } from "../../mediation/mediation.service";
import { AWAITING_ACCEPTANCE, FINISHED } from "./request-lifecycle";
import { auditRecordOf, lockHandled, step, transactionTime } from "./resident-request.service";

/** The requests mediation takes up, and the kind of dispute each becomes. */
export const MEDIATION_CATEGORY_OF: Partial<Record<RequestCategory, MediationCategory>> = {
  [RequestCategory.NEIGHBOURHOOD_DISPUTE]: MediationCategory.NEIGHBOURS,
  [RequestCategory.PROPERTY_MANAGEMENT]: MediationCategory.PROPERTY_MANAGEMENT,
};

const MAX_RESPONDENTS = 19;

/**
 * Refers a resident's request to a people's mediation committee: a case in APPLIED, linked to the request once and
 * for all, with a REFERRED step in the request's history. The requester becomes the applicant only when they are a
 * known person who consented to the committee holding their data; otherwise the committee takes it up without them.
 */
export class RequestReferralService {
  constructor(private readonly dataSource: DataSource) {}

  async refer(viewer: Viewer, actingId: string, requestId: string, committeeId: string, respondents: PartyFields[]): Promise<ResidentRequest> {
    const actor = actFor(viewer, actingId, REQUIRE.requestHandling);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const request = await lockHandled(manager, actingId, requestId);
        if (FINISHED.includes(request.status)) refuse("requestId", UserErrorCode.INVALID_TRANSITION, t("request.finished", { status: request.status }));
        if (AWAITING_ACCEPTANCE.includes(request.status)) refuse("requestId", UserErrorCode.INVALID_TRANSITION, t("request.acceptFirst"));
        const category = MEDIATION_CATEGORY_OF[request.category];
        if (!category) refuse("requestId", UserErrorCode.INVALID, t("request.referralCategory", { category: request.category }));
        if (await manager.existsBy(RequestMediationReferral, { requestId })) refuse("requestId", UserErrorCode.TAKEN, t("request.alreadyReferred"));
        const committee = await manager.findOneBy(Organization, { id: committeeId });
        if (!committee) refuse("committeeId", UserErrorCode.NOT_FOUND, t("organization.notFound"));
        if (committee.kind !== OrganizationKind.MEDIATION_COMMITTEE) refuse("committeeId", UserErrorCode.NOT_PERMITTED, t("request.notCommittee", { kind: committee.kind }));
        const check = new InputCheck();
        if (respondents.length > MAX_RESPONDENTS) check.add("respondents", UserErrorCode.OUT_OF_RANGE, t("mediation.tooManyParties", { max: MAX_RESPONDENTS + 1 }));
        else for (const [index, party] of respondents.entries()) await partyTarget(manager, check, `respondents.${index}`, party, committeeId);
        check.throwIfAny();
        const applicant = await consentingRequester(manager, request, committeeId);
        const others = respondents.filter((party) => !party.personId || party.personId !== applicant);
        const now = await transactionTime(manager);
        const mediationCase = await manager.save(
          manager.create(MediationCase, { committeeId, category, summary: request.description, areaCode: request.areaCode, status: MediationStatus.APPLIED, appliedAt: mediationClock.now() }),
        );
        const parties = await manager.save([
          ...(applicant ? [manager.create(MediationParty, { caseId: mediationCase.id, role: MediationPartyRole.APPLICANT, personId: applicant, organizationId: null })] : []),
          ...others.map((party) => manager.create(MediationParty, { caseId: mediationCase.id, role: MediationPartyRole.RESPONDENT, personId: party.personId ?? null, organizationId: party.organizationId ?? null })),
        ]);
        await manager.insert(RequestMediationReferral, { requestId, caseId: mediationCase.id, committeeId, referredAt: now });
        await step(manager, request, RequestStepKind.REFERRED, request.status, actor, `referred to ${committee.name}`, now);
        await audit(manager, actor, { action: "referResidentRequestToMediation", entityType: "MediationCase", entityId: mediationCase.id, before: null, after: { ...mediationCase, parties, requestId } });
        await audit(manager, actor, { action: "referResidentRequestToMediation", entityType: "ResidentRequest", entityId: request.id, before: null, after: { ...auditRecordOf(request), mediationCaseId: mediationCase.id } });
        await recordEvents(manager, [mediationCaseEvent(mediationCase, "referResidentRequest"), requestEvent(request, RequestStepKind.REFERRED)]);
        return request;
      },
      { constraint: "request_mediation_referral_pkey", field: "requestId", text: t("request.alreadyReferred") },
    );
  }
}

/** The requester's person, when known, not erased, and holding the committee's consent now; else null. */
async function consentingRequester(manager: EntityManager, request: ResidentRequest, committeeId: string): Promise<string | null> {
  if (!request.requesterPersonId) return null;
  const held = await manager.query(
    `SELECT 1 FROM person_consent c JOIN person p ON p.id = c.person_id WHERE c.person_id = $1 AND c.organization_id = $2 AND c.withdrawn_at IS NULL AND p.erased_at IS NULL`,
    [request.requesterPersonId, committeeId],
  );
  return held.length > 0 ? request.requesterPersonId : null;
}
