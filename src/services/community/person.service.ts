import { DataSource, EntityManager, IsNull } from "typeorm";
import { actFor, REQUIRE, signedInUser } from "../../auth/policy";
import { COMMUNITY_CODE_LENGTH, maskPhone, PersonalField, PersonReader, personReaderOf, shown } from "../../auth/person-privacy";
import { organizationsOf } from "../../auth/read-policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { Person } from "../../entities/community/person";
import { PersonConsent } from "../../entities/community/person-consent";
import { Organization } from "../../entities/organization";
import { TeamMembership } from "../../entities/community/team-membership";
import { t } from "../../i18n/text";
import type { Loaders } from "../../loaders";
import { audit, snapshot } from "../audit";
import { InputCheck, UserErrorCode } from "../errors";
import { actingOrganization, inTransaction, refuse, text, UniqueRule } from "../input-rules";
import { leaveHouseholds } from "./households/household-erasure";
import { erase } from "./erasure";
import { applyProfile, auditRecord, newLabel, ProfileFields } from "./person-profile";

export interface ConsentFields {
  purpose?: string | null;
  /** When the person agreed; now when left out. */
  consentedAt?: Date | null;
}

/** Everything Cogov holds about the signed-in person. */
export interface MyData {
  person: Person | null;
  consents: PersonConsent[];
  teams: TeamMembership[];
}

const PURPOSE_LIMIT = 300;
// Two registrations of one account at once; or, once in hundreds of millions, a label drawn twice.
const REGISTERED_ONCE: UniqueRule[] = [
  { constraint: "person_one_per_user", field: "displayName", text: t("person.alreadyRegistered") },
  { constraint: "person_label_key", field: "displayName", text: t("person.tryAgain") },
];

/**
 * People and their consents: a person manages their own profile when linked to an account, or an organisation's
 * ADMIN registers them with the consent they gave; withdrawing the last consent, or asking for it, erases them.
 */
export class PersonService {
  constructor(private readonly dataSource: DataSource) {}

  /** How the viewer reads the person's personal fields (auth/person-privacy.ts). */
  async readerOf(viewer: Viewer, loaders: Pick<Loaders, "holdersOfPerson">, person: Person): Promise<PersonReader> {
    if (viewer.kind === "anonymous") return "ANONYMOUS";
    return personReaderOf(viewer, person, await loaders.holdersOfPerson.load(person.id));
  }

  /** A personal field as the viewer may read it: `full()`, `masked()`, or null. */
  async personal<T>(viewer: Viewer, loaders: Pick<Loaders, "holdersOfPerson">, person: Person, field: PersonalField, full: () => T, masked: () => T | null = () => null): Promise<T | null> {
    const how = shown(field, await this.readerOf(viewer, loaders, person), person);
    return how === "full" ? full() : how === "masked" ? masked() : null;
  }

  phoneFor(viewer: Viewer, loaders: Pick<Loaders, "holdersOfPerson">, person: Person): Promise<string | null> {
    const phone = person.phone;
    return phone === null ? Promise.resolve(null) : this.personal(viewer, loaders, person, "phone", () => phone, () => maskPhone(phone));
  }

  /** The home area's code as the viewer may read it: a grid shows as its community to readers who get it masked. */
  homeAreaCodeFor(viewer: Viewer, loaders: Pick<Loaders, "holdersOfPerson">, person: Person): Promise<string | null> {
    const code = person.homeAreaCode;
    return code === null ? Promise.resolve(null) : this.personal(viewer, loaders, person, "homeArea", () => code, () => code.slice(0, COMMUNITY_CODE_LENGTH));
  }

  /** The person's consents the viewer may read: all to the person, those of their own organisations to holders' admins. */
  async consentsFor(viewer: Viewer, loaders: Pick<Loaders, "holdersOfPerson" | "consentsOfPerson">, person: Person): Promise<PersonConsent[]> {
    return this.ownOrAll(viewer, loaders, person, "consents", () => loaders.consentsOfPerson.load(person.id));
  }

  /** The person's teams the viewer may read: all to the person, the teams of the reader's own organisations to others. */
  async teamsFor(viewer: Viewer, loaders: Pick<Loaders, "holdersOfPerson" | "teamsOfPerson">, person: Person): Promise<TeamMembership[]> {
    return this.ownOrAll(viewer, loaders, person, "teams", () => loaders.teamsOfPerson.load(person.id));
  }

  private async ownOrAll<T extends { organizationId: string }>(viewer: Viewer, loaders: Pick<Loaders, "holdersOfPerson">, person: Person, field: PersonalField, all: () => Promise<T[]>): Promise<T[]> {
    const how = shown(field, await this.readerOf(viewer, loaders, person), person);
    if (how === "hidden") return [];
    const rows = await all();
    if (how === "full") return rows;
    const mine = organizationsOf(viewer);
    return rows.filter((row) => mine.includes(row.organizationId));
  }

  /** Everything held about the signed-in person: their profile, every consent (withdrawn ones too) and their teams. */
  async myData(viewer: Viewer): Promise<MyData> {
    const { user } = signedInUser(viewer);
    const person = await this.dataSource.getRepository(Person).findOneBy({ userId: user.id });
    if (!person) return { person: null, consents: [], teams: [] };
    const [consents, teams] = await Promise.all([
      this.dataSource.getRepository(PersonConsent).find({ where: { personId: person.id }, order: { createdAt: "ASC", id: "ASC" } }),
      this.dataSource.getRepository(TeamMembership).find({ where: { personId: person.id }, order: { createdAt: "ASC", id: "ASC" } }),
    ]);
    return { person, consents, teams };
  }

  /** The signed-in person registers themself; their account manages the profile from then on. */
  async registerMyself(viewer: Viewer, fields: ProfileFields): Promise<Person> {
    const { user } = signedInUser(viewer);
    const actor: Actor = { organizationId: null, userId: user.id, apiKeyId: null };
    return inTransaction(
      this.dataSource,
      async (manager) => {
        if (await manager.existsBy(Person, { userId: user.id })) refuse("displayName", UserErrorCode.TAKEN, t("person.alreadyRegistered"));
        const person = manager.create(Person, { ...blankPerson(), userId: user.id });
        await this.checkProfile(manager, person, fields, true);
        const saved = await manager.save(person);
        await audit(manager, actor, { action: "registerMyself", entityType: "Person", entityId: saved.id, before: null, after: auditRecord(saved) });
        return saved;
      },
      REGISTERED_ONCE,
    );
  }

  async updateMyProfile(viewer: Viewer, fields: ProfileFields): Promise<Person> {
    const { user } = signedInUser(viewer);
    const actor: Actor = { organizationId: null, userId: user.id, apiKeyId: null };
    return inTransaction(this.dataSource, async (manager) => {
      const person = await manager.findOne(Person, { where: { userId: user.id }, lock: { mode: "pessimistic_write" } });
      if (!person) refuse("displayName", UserErrorCode.NOT_FOUND, t("person.notRegistered"));
      return this.saveProfile(manager, actor, "updateMyProfile", person, fields);
    });
  }

  /** An organisation's ADMIN registers a person who gave it their consent (on paper, in person). */
  async registerPerson(viewer: Viewer, organizationId: string, fields: ProfileFields, consent: ConsentFields): Promise<Person> {
    const actor = actFor(viewer, organizationId, REQUIRE.people);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        await actingOrganization(manager, organizationId);
        const person = manager.create(Person, { ...blankPerson(), registeredByOrganizationId: organizationId });
        const check = new InputCheck();
        await applyProfile(manager, check, person, fields, true);
        const consentValues = consentOf(check, consent);
        check.throwIfAny();
        const saved = await manager.save(person);
        await audit(manager, actor, { action: "registerPerson", entityType: "Person", entityId: saved.id, before: null, after: auditRecord(saved) });
        await this.holdData(manager, actor, "registerPerson", saved.id, organizationId, consentValues);
        return saved;
      },
      REGISTERED_ONCE,
    );
  }

  /** A holding organisation's ADMIN corrects the profile of a person it registered; people with an account do it themselves. */
  async updatePerson(viewer: Viewer, organizationId: string, personId: string, fields: ProfileFields): Promise<Person> {
    const actor = actFor(viewer, organizationId, REQUIRE.people);
    return inTransaction(this.dataSource, async (manager) => {
      const person = await heldPerson(manager, organizationId, personId);
      if (person.userId !== null) refuse("personId", UserErrorCode.NOT_PERMITTED, t("person.managesOwnProfile"));
      return this.saveProfile(manager, actor, "updatePerson", person, fields);
    });
  }

  /** The signed-in person lets an organisation hold their data for a purpose, as of now. */
  async grantConsent(viewer: Viewer, organizationId: string, purpose: string | null | undefined): Promise<PersonConsent> {
    const { user } = signedInUser(viewer);
    const actor: Actor = { organizationId: null, userId: user.id, apiKeyId: null };
    const check = new InputCheck();
    const values = consentOf(check, { purpose, consentedAt: null });
    check.throwIfAny();
    return inTransaction(this.dataSource, async (manager) => {
      const person = await ownPerson(manager, user.id, "organizationId");
      if (!(await manager.existsBy(Organization, { id: organizationId }))) refuse("organizationId", UserErrorCode.NOT_FOUND, t("organization.notFound"));
      return this.holdData(manager, actor, "grantConsent", person.id, organizationId, values);
    });
  }

  /** The signed-in person withdraws their consent from an organisation; withdrawing the last one erases them. */
  async withdrawConsent(viewer: Viewer, organizationId: string): Promise<Person> {
    const { user } = signedInUser(viewer);
    const actor: Actor = { organizationId: null, userId: user.id, apiKeyId: null };
    return inTransaction(this.dataSource, async (manager) => {
      const person = await ownPerson(manager, user.id, "organizationId");
      return this.withdraw(manager, actor, "withdrawConsent", person, organizationId, "organizationId");
    });
  }

  /** A holding organisation's ADMIN records that the person withdrew their consent (told in person, on paper). */
  async recordConsentWithdrawal(viewer: Viewer, organizationId: string, personId: string): Promise<Person> {
    const actor = actFor(viewer, organizationId, REQUIRE.people);
    return inTransaction(this.dataSource, async (manager) => {
      const person = await heldPerson(manager, organizationId, personId);
      return this.withdraw(manager, actor, "recordConsentWithdrawal", person, organizationId, "personId");
    });
  }

  /** The signed-in person asks to be forgotten: erased at once, everywhere. */
  async requestErasure(viewer: Viewer): Promise<Person> {
    const { user } = signedInUser(viewer);
    return inTransaction(this.dataSource, async (manager) => {
      const person = await ownPerson(manager, user.id, "confirm");
      return erase(manager, { organizationId: null, userId: user.id, apiKeyId: null }, person, "erasureRequested");
    });
  }

  /** A holding organisation's ADMIN carries out the person's request to be forgotten, made to it in person. */
  async erasePerson(viewer: Viewer, organizationId: string, personId: string): Promise<Person> {
    const actor = actFor(viewer, organizationId, REQUIRE.people);
    return inTransaction(this.dataSource, async (manager) => {
      const person = await heldPerson(manager, organizationId, personId);
      return erase(manager, actor, person, "erasureRequested");
    });
  }

  private async checkProfile(manager: EntityManager, person: Person, fields: ProfileFields, creating: boolean): Promise<void> {
    const check = new InputCheck();
    await applyProfile(manager, check, person, fields, creating);
    check.throwIfAny();
  }

  private async saveProfile(manager: EntityManager, actor: Actor, action: string, person: Person, fields: ProfileFields): Promise<Person> {
    const before = auditRecord(person);
    await this.checkProfile(manager, person, fields, false);
    const saved = await manager.save(person);
    await audit(manager, actor, { action, entityType: "Person", entityId: saved.id, before, after: auditRecord(saved) });
    return saved;
  }

  /** Records (or renews, after a withdrawal) an organisation's consent to hold the person's data. */
  private async holdData(manager: EntityManager, actor: Actor, action: string, personId: string, organizationId: string, values: { purpose: string; consentedAt: Date }): Promise<PersonConsent> {
    const existing = await manager.findOne(PersonConsent, { where: { personId, organizationId }, lock: { mode: "pessimistic_write" } });
    const before = snapshot(existing);
    const consent = existing ?? manager.create(PersonConsent, { personId, organizationId });
    Object.assign(consent, { ...values, withdrawnAt: null });
    const saved = await manager.save(consent);
    await audit(manager, actor, { action, entityType: "PersonConsent", entityId: saved.id, before, after: saved });
    return saved;
  }

  private async withdraw(manager: EntityManager, actor: Actor, action: string, person: Person, organizationId: string, field: string): Promise<Person> {
    const consent = await manager.findOne(PersonConsent, { where: { personId: person.id, organizationId }, lock: { mode: "pessimistic_write" } });
    if (!consent || consent.withdrawnAt) refuse(field, UserErrorCode.NOT_FOUND, t("person.noConsent"));
    const before = snapshot(consent);
    consent.withdrawnAt = new Date();
    await manager.save(consent);
    await audit(manager, actor, { action, entityType: "PersonConsent", entityId: consent.id, before, after: consent });
    // An organisation no longer holding the person's data no longer keeps them on its roster.
    await manager.delete(TeamMembership, { personId: person.id, organizationId });
    await leaveHouseholds(manager, person.id, organizationId);
    const remaining = await manager.countBy(PersonConsent, { personId: person.id, withdrawnAt: IsNull() });
    return remaining === 0 ? erase(manager, actor, person, "consentWithdrawn") : person;
  }
}

function blankPerson(): Partial<Person> {
  return {
    label: newLabel(), realName: null, phone: null, homeAreaCode: null, skills: [], languages: [], isPartyMember: false,
    partyEmployerOrganizationId: null, partyReportingAreaCode: null, about: null, userId: null, registeredByOrganizationId: null, erasedAt: null,
  };
}

function consentOf(check: InputCheck, fields: ConsentFields): { purpose: string; consentedAt: Date } {
  const purpose = text(check, "purpose", fields.purpose ?? "", PURPOSE_LIMIT, true);
  const consentedAt = fields.consentedAt ?? new Date();
  if (consentedAt.getTime() > Date.now() + 60_000) check.add("consentedAt", UserErrorCode.OUT_OF_RANGE, t("person.consentInFuture"));
  return { purpose: purpose ?? "", consentedAt };
}

/** The signed-in person's own record, locked; a userError on `field` when they have not registered. */
async function ownPerson(manager: EntityManager, userId: string, field: string): Promise<Person> {
  const person = await manager.findOne(Person, { where: { userId }, lock: { mode: "pessimistic_write" } });
  if (!person) refuse(field, UserErrorCode.NOT_FOUND, t("person.notRegistered"));
  return person;
}

/**
 * A person whose data the organisation holds now, locked. Anyone else answers as one that does not exist,
 * so an organisation learns nothing of people who did not consent to it.
 */
export async function heldPerson(manager: EntityManager, organizationId: string, personId: string): Promise<Person> {
  const held = await manager.existsBy(PersonConsent, { personId, organizationId, withdrawnAt: IsNull() });
  const person = held ? await manager.findOne(Person, { where: { id: personId }, lock: { mode: "pessimistic_write" } }) : null;
  if (!person || person.erasedAt) refuse("personId", UserErrorCode.NOT_FOUND, t("person.notHeld"));
  return person;
}
