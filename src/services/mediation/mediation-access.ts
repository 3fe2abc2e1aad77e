import { EntityManager, IsNull } from "typeorm";
import { canAdminister, signedInUser } from "../../auth/policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { Person } from "../../entities/community/person";
import { MediationAssignment } from "../../entities/mediation/mediation-assignment";
import { MediationCase } from "../../entities/mediation/mediation-case";
import { MediationParty } from "../../entities/mediation/mediation-party";
import { t } from "../../i18n/text";
import { DomainError, UserErrorCode } from "../errors";
import { refuse } from "../input-rules";

/*
 * Who acts on a case once it is filed (the committee's own work goes through actFor with REQUIRE.mediation):
 * its work (sessions, terms, extensions, conclusion) by the committee's ADMINs and the mediators assigned now;
 * a party's answers by that party alone: the person's own account, or an ADMIN of the organisation. People only.
 */

/** The case, locked; an id of no case answers as missing. */
export async function lockCase(manager: EntityManager, caseId: string): Promise<MediationCase> {
  const found = await manager.findOne(MediationCase, { where: { id: caseId }, lock: { mode: "pessimistic_write" } });
  if (!found) refuse("caseId", UserErrorCode.NOT_FOUND, t("mediation.caseNotFound"));
  return found;
}

/** The signed-in caller as a case worker of the locked case: its committee's ADMIN or a mediator assigned now. */
export async function caseWorker(manager: EntityManager, viewer: Viewer, caseId: string): Promise<{ actor: Actor; mediationCase: MediationCase }> {
  const { user } = signedInUser(viewer);
  const mediationCase = await lockCase(manager, caseId);
  const actor = { organizationId: mediationCase.committeeId, userId: user.id, apiKeyId: null };
  if (canAdminister(viewer, mediationCase.committeeId)) return { actor, mediationCase };
  const person = await manager.findOneBy(Person, { userId: user.id });
  const assigned = person && (await manager.existsBy(MediationAssignment, { caseId, mediatorPersonId: person.id, endedAt: IsNull() }));
  if (!assigned) throw new DomainError("FORBIDDEN", t("mediation.notCaseWorker"));
  return { actor, mediationCase };
}

/** The signed-in caller answering for one party of the locked case; a party they do not answer for answers as missing. */
export async function actingParty(manager: EntityManager, viewer: Viewer, caseId: string, partyId: string): Promise<{ actor: Actor; mediationCase: MediationCase; party: MediationParty }> {
  const { user } = signedInUser(viewer);
  const mediationCase = await lockCase(manager, caseId);
  const party = await manager.findOneBy(MediationParty, { id: partyId, caseId });
  const person = party?.personId ? await manager.findOneBy(Person, { id: party.personId }) : null;
  const answers = party !== null && ((person !== null && person.userId === user.id) || (party.organizationId !== null && canAdminister(viewer, party.organizationId)));
  if (!answers) refuse("partyId", UserErrorCode.NOT_FOUND, t("mediation.notYourParty"));
  return { actor: { organizationId: party.organizationId, userId: user.id, apiKeyId: null }, mediationCase, party };
}
