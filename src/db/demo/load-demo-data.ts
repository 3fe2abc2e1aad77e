import { DEMO_REQUESTS, upsertDemoRequests } from "./resident-request-demo";
import { upsertDemoFeedback } from "./feedback-demo";
import { upsertDemoHouseholds } from "./household-demo";
import { DataSource, EntityManager, In } from "typeorm";
import { Area } from "../../entities/area";
import { Delivery } from "../../entities/delivery";
import { Organization, VerificationStatus } from "../../entities/organization";
import { Partnership, PartnershipRole, PartnershipStatus } from "../../entities/partnership";
import { Pledge } from "../../entities/pledge";
import { Project } from "../../entities/project";
import { NeedStatus, ResourceNeed } from "../../entities/resource-need";
import { ResourceNeedStatusChange } from "../../entities/resource-need-status-change";
import { lockNeed, refreshNeed } from "../../services/need-figures";
import { hashPassword } from "../../auth/passwords";
import { Membership } from "../../entities/membership";
import { User } from "../../entities/user";
import { DEMO_NEEDS, DEMO_PROJECTS } from "./collaboration-demo";
import { DEMO_HISTORY_PROJECT_IDS, insertDemoHistory } from "./history-demo";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./identity-demo";
import { DEMO_AREAS, DEMO_ORGANIZATIONS } from "./registry-demo";
import { Person } from "../../entities/community/person";
import { PersonConsent } from "../../entities/community/person-consent";
import { TeamMembership } from "../../entities/community/team-membership";
import { DEMO_PEOPLE, DEMO_PURPOSES, DEMO_VOLUNTEER_ACCOUNT, demoOrganizationId, demoPhone } from "./people-demo";
import { Service, ServiceStatus } from "../../entities/community/service";
import { ServiceAtLocation } from "../../entities/community/service-at-location";
import { ServiceLocation } from "../../entities/community/service-location";
import { ServiceSchedule } from "../../entities/community/service-schedule";
import { insertDemoCouncil, removeDemoCouncil } from "./council-demo";
import { DEMO_MEDIATION_CASES, insertDemoMediation, removeDemoMediation } from "./mediation-demo";
import { loadDemoVolunteering, unlinkDemoActivities } from "./load-volunteering-demo";
import { DEMO_ACTIVITIES } from "./volunteering-demo";
import { DEMO_LOCATIONS, DEMO_SERVICES, demoLocationId, demoOfferingId, demoScheduleId, demoServiceId } from "./service-directory-demo";

/**
 * Writes the demo rows, restoring any that were changed. Areas and organisations that are not
 * demo data stay as they are; the demo projects are written anew, with everything attached to them,
 * and (unless `history` is false) 90 days of past projects, needs, pledges and deliveries.
 */
export async function loadDemoData(dataSource: DataSource, { history = true }: { history?: boolean } = {}) {
  // One hash for all: they share the demo password, and hashing is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await dataSource.transaction(async (manager) => {
    for (const area of DEMO_AREAS) {
      const parentCode = DEMO_AREAS.filter((other) => area.code.startsWith(other.code) && other.code !== area.code).at(-1)?.code ?? null;
      await manager.upsert(Area, { ...area, parentCode }, ["code"]);
    }
    // Demo organisations arrive verified, as the operator would verify them.
    const verified = { verificationStatus: VerificationStatus.VERIFIED, verifiedById: null, verifiedAt: new Date(), verificationNote: null };
    for (const organization of DEMO_ORGANIZATIONS) await manager.upsert(Organization, { ...organization, ...verified }, ["id"]);
    await removeDemoCouncil(manager);
    await removeDemoMediation(manager);
    await unlinkDemoActivities(manager);
    await removeDemoProjects(manager);
    await insertDemoProjects(manager);
    if (history) await insertDemoHistory(manager);
    await upsertDemoAccounts(manager, passwordHash);
    await upsertDemoPeople(manager, passwordHash);
    await upsertDemoServices(manager);
    await insertDemoCouncil(manager);
    await insertDemoMediation(manager);
    await upsertDemoRequests(manager);
    await upsertDemoHouseholds(manager);
    await loadDemoVolunteering(manager);
    await upsertDemoFeedback(manager);
  });
  return {
    areas: DEMO_AREAS.length,
    organizations: DEMO_ORGANIZATIONS.length,
    projects: DEMO_PROJECTS.length,
    needs: DEMO_NEEDS.length,
    pledges: DEMO_NEEDS.flatMap((need) => need.pledges).length,
    accounts: DEMO_ACCOUNTS.length + 1,
    people: DEMO_PEOPLE.length,
    services: DEMO_SERVICES.length,
    requests: DEMO_REQUESTS.length,
    activities: DEMO_ACTIVITIES.length,
    mediationCases: DEMO_MEDIATION_CASES,
  };
}

/** Demo accounts get their password and role back; their other memberships stay. */
async function upsertDemoAccounts(manager: EntityManager, passwordHash: string): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    await manager.upsert(User, { email: account.email, displayName: account.displayName, passwordHash }, ["email"]);
    const user = await manager.findOneByOrFail(User, { email: account.email });
    await manager.upsert(Membership, { userId: user.id, organizationId: account.organizationId, role: account.role }, ["userId", "organizationId"]);
  }
}

/**
 * Demo people get their profiles back (an erased one too), their consents and teams anew; the volunteer
 * account manages the first one's profile.
 */
async function upsertDemoPeople(manager: EntityManager, passwordHash: string): Promise<void> {
  const { email, displayName, personId } = DEMO_VOLUNTEER_ACCOUNT;
  await manager.upsert(User, { email, displayName, passwordHash }, ["email"]);
  const account = await manager.findOneByOrFail(User, { email });
  await manager.query(`UPDATE person SET user_id = NULL WHERE user_id = $1 AND id <> $2`, [account.id, personId]);
  const personIds = DEMO_PEOPLE.map((person) => person.id);
  await manager.delete(TeamMembership, { personId: In(personIds) });
  await manager.delete(PersonConsent, { personId: In(personIds) });
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
  for (const [index, { id, teams, party, alsoHeldBy = [], about = null, publicRecognition = false, ...profile }] of DEMO_PEOPLE.entries()) {
    const holders = [...teams.map(([slug]) => slug), ...alsoHeldBy];
    await manager.upsert(Person, {
      id, ...profile, about, publicRecognition, label: `志願者-DEMO${String(index + 1).padStart(2, "0")}`, phone: demoPhone(index + 1),
      isPartyMember: party !== undefined,
      partyEmployerOrganizationId: party?.employer ? demoOrganizationId(party.employer) : null,
      partyReportingAreaCode: party?.reportsTo ?? null,
      userId: id === personId ? account.id : null,
      registeredByOrganizationId: id === personId ? null : demoOrganizationId(holders[0]),
      erasedAt: null,
    }, ["id"]);
    for (const [order, slug] of holders.entries()) {
      await manager.insert(PersonConsent, { personId: id, organizationId: demoOrganizationId(slug), purpose: DEMO_PURPOSES[slug], consentedAt: daysAgo(200 - index * 5 - order) });
    }
    for (const [slug, role] of teams) await manager.insert(TeamMembership, { personId: id, organizationId: demoOrganizationId(slug), role });
  }
}

/** Demo services and places get their fields back; their links and hours are written anew. */
async function upsertDemoServices(manager: EntityManager): Promise<void> {
  const serviceIds = DEMO_SERVICES.map((service) => demoServiceId(service.n));
  const locationIds = DEMO_LOCATIONS.map((location) => demoLocationId(location.n));
  await manager.delete(ServiceSchedule, { serviceId: In(serviceIds) });
  await manager.delete(ServiceSchedule, { locationId: In(locationIds) });
  await manager.delete(ServiceAtLocation, { serviceId: In(serviceIds) });
  await manager.delete(ServiceAtLocation, { locationId: In(locationIds) });
  for (const { n, keeper, ...location } of DEMO_LOCATIONS) {
    await manager.upsert(ServiceLocation, { ...location, id: demoLocationId(n), organizationId: demoOrganizationId(keeper), retiredAt: null }, ["id"]);
  }
  for (const { n, offeredBy, locations, schedules, status = ServiceStatus.ACTIVE, feesDescription = null, costOptions = [], ...service } of DEMO_SERVICES) {
    await manager.upsert(Service, {
      ...service, id: demoServiceId(n), organizationId: demoOrganizationId(offeredBy), status, feesDescription,
      costOptions: costOptions.map((option, index) => ({ id: demoOfferingId(n, 900 + index), ...option })),
      contactEmail: null, url: null, retiredAt: null,
    }, ["id"]);
    for (const [position, location] of locations.entries()) {
      await manager.insert(ServiceAtLocation, { id: demoOfferingId(n, location), serviceId: demoServiceId(n), locationId: demoLocationId(location), position });
    }
    for (const [index, { location, byday = [], bymonthday = [], sessionDate = null, validFrom = null, validTo = null, description = null, ...hours }] of schedules.entries()) {
      await manager.insert(ServiceSchedule, {
        ...hours, id: demoScheduleId(n, index + 1), serviceId: demoServiceId(n), locationId: location === undefined ? null : demoLocationId(location),
        byday, bymonthday, sessionDate, validFrom, validTo, description, timezone: "Asia/Shanghai",
      });
    }
  }
}

async function removeDemoProjects(manager: EntityManager): Promise<void> {
  const projectIds = [...DEMO_PROJECTS.map((project) => project.id), ...DEMO_HISTORY_PROJECT_IDS];
  const needIds = (await manager.find(ResourceNeed, { select: { id: true }, where: { projectId: In(projectIds) } })).map((need) => need.id);
  if (needIds.length > 0) {
    const pledgeIds = (await manager.find(Pledge, { select: { id: true }, where: { needId: In(needIds) } })).map((pledge) => pledge.id);
    if (pledgeIds.length > 0) await manager.delete(Delivery, { pledgeId: In(pledgeIds) });
    await manager.delete(Pledge, { needId: In(needIds) });
    await manager.delete(ResourceNeedStatusChange, { needId: In(needIds) });
    await manager.delete(ResourceNeed, { id: In(needIds) });
  }
  await manager.delete(Partnership, { projectId: In(projectIds) });
  await manager.delete(Project, { id: In(projectIds) });
}

async function insertDemoProjects(manager: EntityManager): Promise<void> {
  for (const { partners, ...project } of DEMO_PROJECTS) {
    await manager.insert(Project, project);
    const members: [string, PartnershipRole][] = [[project.leadOrganizationId, PartnershipRole.LEAD], ...partners];
    for (const [organizationId, role] of members) {
      await manager.insert(Partnership, { projectId: project.id, organizationId, role, status: PartnershipStatus.ACTIVE });
    }
  }
  for (const { pledges, neededInHours, location, postedBy, ...need } of DEMO_NEEDS) {
    await manager.insert(ResourceNeed, {
      ...need,
      postedByOrganizationId: postedBy,
      neededBy: new Date(Date.now() + neededInHours * 3_600_000),
      latitude: location?.[0] ?? null,
      longitude: location?.[1] ?? null,
      remainingQuantity: need.quantity,
    });
    await manager.insert(ResourceNeedStatusChange, { needId: need.id, fromStatus: null, toStatus: NeedStatus.OPEN, reason: "posted" });
    for (const { provisional, deliveredQuantity = 0, acceptedQuantity = null, ...pledge } of pledges) {
      await manager.insert(Pledge, { ...pledge, needId: need.id, acceptedQuantity, deliveredQuantity, provisional: provisional !== undefined, responseReason: provisional ?? null });
      if (deliveredQuantity > 0) {
        await manager.insert(Delivery, { pledgeId: pledge.id, quantity: deliveredQuantity, recordedByOrganizationId: pledge.organizationId });
      }
    }
    await refreshNeed(manager, await lockNeed(manager, need.id), "demo pledges");
  }
}
