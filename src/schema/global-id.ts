import { UUID_KEY } from "../db/row-key";
import { t, Text } from "../i18n/text";
import { DomainError, FieldProblem, UserErrorCode, UserInputError } from "../services/errors";

export type NodeType = "Organization" | "Area" | "Project" | "Partnership" | "ResourceNeed" | "Pledge" | "User" | "ApiKey" | "Membership" | "Alert" | "WebhookEndpoint" | "WebhookDelivery" | "Person" | "Activity" | "ActivityShift" | "ShiftSignUp" | "PointsEntry" | "Reward" | "Service" | "ServiceLocation" | "ServiceSchedule" | "Council" | "CouncilMember" | "CouncilMeeting" | "Proposal" | "ProposalAmendment" | "ResidentRequest" | "RequestRoutingRule" | "MediationCase" | "MediationParty" | "MediationAssignment" | "MediationSession" | "Mediator" | "Feedback" | "KeyHousehold" | "HouseholdVisit";

const NODE_TYPES: readonly string[] = ["Organization", "Area", "Project", "Partnership", "ResourceNeed", "Pledge", "User", "ApiKey", "Membership", "Alert", "WebhookEndpoint", "WebhookDelivery", "Person", "Activity", "ActivityShift", "ShiftSignUp", "PointsEntry", "Reward", "Service", "ServiceLocation", "ServiceSchedule", "Council", "CouncilMember", "CouncilMeeting", "Proposal", "ProposalAmendment", "ResidentRequest", "RequestRoutingRule", "MediationCase", "MediationParty", "MediationAssignment", "MediationSession", "Mediator", "Feedback", "KeyHousehold", "HouseholdVisit"] satisfies NodeType[];

/** An opaque global ID: base64url of "Type:uuid". */
export function toGlobalId(type: NodeType, key: string): string {
  return Buffer.from(`${type}:${key}`, "utf8").toString("base64url");
}

export interface DecodedId {
  type: NodeType;
  key: string;
}

export function fromGlobalId(id: string): DecodedId | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return undefined;
  const text = Buffer.from(id, "base64url").toString("utf8");
  const separator = text.indexOf(":");
  const type = text.slice(0, separator) as NodeType;
  const key = text.slice(separator + 1);
  // Checking the key's shape keeps a forged ID from ever reaching a query.
  if (separator < 0 || !NODE_TYPES.includes(type) || !UUID_KEY.test(key)) return undefined;
  return { type, key };
}

/** The key of an ID argument that must name a `type`; a coded top-level error otherwise. */
export function keyOf(id: string, type: NodeType, argument = "id"): string {
  const decoded = fromGlobalId(id);
  if (!decoded) throw new DomainError("BAD_USER_INPUT", t("id.notOurs", { argument, id }));
  if (decoded.type !== type) {
    throw new DomainError("BAD_USER_INPUT", t("id.wrongType", { argument, id, actual: withArticle(decoded.type), expected: withArticle(type) }));
  }
  return decoded.key;
}

/** As `keyOf`, for a field of a mutation input: the mistake becomes a userError. */
export function inputKeyOf(id: string, type: NodeType, field: string): string {
  try {
    return keyOf(id, type, field);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new UserInputError([new FieldProblem(field, UserErrorCode.INVALID, error.text)]);
  }
}

/** "an Organization", "a Project" in English; the bare type name in Chinese. */
function withArticle(type: NodeType): Text {
  return /^[AEIOU]/.test(type) ? t("id.typeWithAn", { type }) : t("id.typeWithA", { type });
}
