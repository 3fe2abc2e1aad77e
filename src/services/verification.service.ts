import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE } from "../auth/policy";
import type { Actor, Viewer } from "../auth/viewer";
import { mayVouchFor, VOUCHED_FIELDS } from "../auth/vouching";
import { Area } from "../entities/area";
import { Organization, VerificationStatus } from "../entities/organization";
import { t } from "../i18n/text";
import { audit, snapshot } from "./audit";
import { InputCheck, UserErrorCode } from "./errors";
import { inTransaction, refuse, text } from "./input-rules";

const NOTE_LIMIT = 1000;

/** Refuses to let an unverified organisation act with authority (alerts for now). */
export function requireVerified(organization: Organization): void {
  if (organization.verificationStatus !== VerificationStatus.VERIFIED) {
    refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("verification.required", { name: organization.name }));
  }
}

/** Ends the verification of an organisation whose vouched-for fields (kind, name, area) `fields` would change. */
export function lapseIfVouchedFieldsChange(organization: Organization, fields: Partial<Record<(typeof VOUCHED_FIELDS)[number], unknown>>): void {
  if (organization.verificationStatus !== VerificationStatus.VERIFIED) return;
  // Names are saved trimmed: surrounding spaces change nothing that was vouched for.
  const given = (field: (typeof VOUCHED_FIELDS)[number]) => (typeof fields[field] === "string" ? (fields[field] as string).trim() : fields[field]);
  if (VOUCHED_FIELDS.some((field) => given(field) != null && given(field) !== organization[field])) unverify(organization, null);
}

function unverify(organization: Organization, note: string | null): void {
  Object.assign(organization, { verificationStatus: VerificationStatus.UNVERIFIED, verifiedById: null, verifiedAt: null, verificationNote: note });
}

/** Verification of organisations: vouched for by another after the table in auth/vouching.ts, or by the operator. */
export class VerificationService {
  constructor(private readonly dataSource: DataSource) {}

  async verify(viewer: Viewer, actingId: string, organizationId: string, note: string | null): Promise<Organization> {
    const actor = actFor(viewer, actingId, REQUIRE.vouching);
    return inTransaction(this.dataSource, async (manager) => {
      const checkedNote = this.note(note);
      const organization = await this.vouchee(manager, actingId, organizationId);
      if (organization.verificationStatus === VerificationStatus.VERIFIED) {
        refuse("organizationId", UserErrorCode.INVALID_TRANSITION, t("verification.alreadyVerified", { organization: organization.name }));
      }
      const before = snapshot(organization);
      Object.assign(organization, { verificationStatus: VerificationStatus.VERIFIED, verifiedById: actingId, verifiedAt: new Date(), verificationNote: checkedNote });
      return this.save(manager, actor, "verifyOrganization", before, organization);
    });
  }

  async revoke(viewer: Viewer, actingId: string, organizationId: string, note: string | null): Promise<Organization> {
    const actor = actFor(viewer, actingId, REQUIRE.vouching);
    return inTransaction(this.dataSource, async (manager) => {
      const checkedNote = this.note(note);
      const organization = await this.vouchee(manager, actingId, organizationId);
      if (organization.verificationStatus !== VerificationStatus.VERIFIED) {
        refuse("organizationId", UserErrorCode.INVALID_TRANSITION, t("verification.notVerified", { organization: organization.name }));
      }
      const before = snapshot(organization);
      unverify(organization, checkedNote);
      return this.save(manager, actor, "revokeVerification", before, organization);
    });
  }

  /** The operator's verification of a root organisation, from the command line; null when no organisation has the slug. */
  async verifyAsOperator(slug: string): Promise<{ organization: Organization; changed: boolean } | null> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager.findOne(Organization, { where: { slug }, lock: { mode: "pessimistic_write" } });
      if (!organization) return null;
      if (organization.verificationStatus === VerificationStatus.VERIFIED) return { organization, changed: false };
      const before = snapshot(organization);
      Object.assign(organization, { verificationStatus: VerificationStatus.VERIFIED, verifiedById: null, verifiedAt: new Date(), verificationNote: null });
      const saved = await this.save(manager, { organizationId: organization.id, userId: null, apiKeyId: null }, "verifyOrganization", before, organization);
      return { organization: saved, changed: true };
    });
  }

  private note(note: string | null): string | null {
    const check = new InputCheck();
    const checked = text(check, "note", note, NOTE_LIMIT, false);
    check.throwIfAny();
    return checked;
  }

  /** The organisation `actingId` vouches for, locked; refused unless the acting one is verified and the table lets it vouch. */
  private async vouchee(manager: EntityManager, actingId: string, organizationId: string): Promise<Organization> {
    const organization = await manager.findOne(Organization, { where: { id: organizationId }, lock: { mode: "pessimistic_write" } });
    if (!organization) refuse("organizationId", UserErrorCode.NOT_FOUND, t("organization.notFound"));
    // Held until commit, so the voucher's own revocation waits; the table's levels rule out a cycle of waits.
    const voucher = await manager.findOne(Organization, { where: { id: actingId }, lock: { mode: "pessimistic_read" } });
    if (!voucher) refuse("actingOrganizationId", UserErrorCode.NOT_FOUND, t("organization.actingNotFound"));
    if (voucher.verificationStatus !== VerificationStatus.VERIFIED) {
      refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("verification.voucherUnverified", { voucher: voucher.name }));
    }
    const levels = new Map((await manager.findBy(Area, [{ code: voucher.areaCode }, { code: organization.areaCode }])).map((area) => [area.code, area.level]));
    const placed = (of: Organization) => ({ kind: of.kind, areaCode: of.areaCode, areaLevel: levels.get(of.areaCode)! });
    if (!mayVouchFor(placed(voucher), placed(organization))) {
      refuse("organizationId", UserErrorCode.NOT_PERMITTED, t("verification.mayNotVouch", { voucher: voucher.name, organization: organization.name }));
    }
    return organization;
  }

  private async save(manager: EntityManager, actor: Actor, action: string, before: Record<string, unknown> | null, organization: Organization): Promise<Organization> {
    const saved = await manager.save(organization);
    // Organisations have no events in the outbox (nobody subscribes to them): the audit log records it.
    await audit(manager, actor, { action, entityType: "Organization", entityId: saved.id, before, after: saved });
    return saved;
  }
}
