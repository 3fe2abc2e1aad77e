import { DataSource, In } from "typeorm";
import { organizationsOf } from "../../auth/read-policy";
import { KeysetPager, Page, PageArgs, Sort } from "../../db/keyset-page";
import { actFor, REQUIRE } from "../../auth/policy";
import type { Viewer } from "../../auth/viewer";
import { Council } from "../../entities/community/council";
import { Person } from "../../entities/community/person";
import { Proposal, ProposalCategory, ProposalStatus } from "../../entities/community/proposal";
import { AmendmentStatus, ProposalAmendment } from "../../entities/community/proposal-amendment";
import { ProposalComment } from "../../entities/community/proposal-comment";
import { Organization } from "../../entities/organization";
import { PartnershipRole } from "../../entities/partnership";
import { ProjectCategory } from "../../entities/project";
import { proposalEvent, recordEvents } from "../../events/outbox";
import { t } from "../../i18n/text";
import type { Loaders } from "../../loaders";
import { audit, snapshot } from "../audit";
import { InputCheck, UserErrorCode } from "../errors";
import { actingOrganization, inTransaction, refuse, requireFields, text } from "../input-rules";
import type { ProjectService } from "../project.service";
import { actingPerson, requireConvener, findCouncil, lockProposal, moveProposal, readsDraft, requireAuthor, requireSeat, requireStatus, requireWithinStage, settleAmendment } from "./council-access";
import { PUBLIC_PROPOSAL_STATUSES } from "./proposal-lifecycle";

export interface ProposalFields {
  councilId: string;
  title: string;
  body: string;
  category: ProposalCategory;
  /** A residents' joint petition instead of a member's proposal. */
  byPetition?: boolean | null;
  leadOrganizationId?: string | null;
  partnerOrganizationIds?: string[] | null;
}

const MAX_PARTNERS = 20;
const NEWEST_FIRST: Sort = { name: "CREATED_AT", property: "createdAt", kind: "timestamp", direction: "DESC" };
// The project a passed proposal starts is filed under the nearest project category.
const PROJECT_CATEGORY: Record<ProposalCategory, ProjectCategory> = {
  INFRASTRUCTURE: ProjectCategory.COMMUNITY_BUILDING,
  ENVIRONMENT: ProjectCategory.ENVIRONMENT,
  SAFETY: ProjectCategory.NEIGHBOURHOOD_SAFETY,
  PUBLIC_SERVICES: ProjectCategory.COMMUNITY_BUILDING,
  PROPERTY_MANAGEMENT: ProjectCategory.COMMUNITY_BUILDING,
  COMMUNITY_RULES: ProjectCategory.COMMUNITY_BUILDING,
  FUNDS: ProjectCategory.OTHER,
  OTHER: ProjectCategory.OTHER,
};

/** Proposals from draft to debate: who writes, signs, seconds, amends and comments; votes are in vote.service.ts. */
export class ProposalService {
  private readonly pager: KeysetPager<Proposal>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectService,
  ) {
    this.pager = new KeysetPager(dataSource.getRepository(Proposal));
  }

  /** A council's proposals, newest first: past DRAFT to anyone (the public sees its decisions), DRAFTs to the convener's members. */
  async page(viewer: Viewer, council: Council, statuses: ProposalStatus[] | null | undefined, args: PageArgs): Promise<Page<Proposal>> {
    const convener = organizationsOf(viewer).includes(council.conveningOrganizationId);
    const query = this.dataSource.getRepository(Proposal).createQueryBuilder("proposal").where(`"proposal"."council_id" = :councilId`, { councilId: council.id });
    if (!convener) query.andWhere(`"proposal"."status" <> 'DRAFT'`);
    if (statuses?.length) query.andWhere(`"proposal"."status" IN (:...statuses)`, { statuses });
    return this.pager.page(query, NEWEST_FIRST, args);
  }

  /** The proposal if the viewer reads it: past DRAFT anyone, a DRAFT its author and the convener's members. */
  async findVisible(viewer: Viewer, loaders: Pick<Loaders, "proposal" | "council" | "councilMember" | "person">, id: string): Promise<Proposal | null> {
    const proposal = await loaders.proposal.load(id);
    if (!proposal || PUBLIC_PROPOSAL_STATUSES.includes(proposal.status)) return proposal;
    const council = (await loaders.council.load(proposal.councilId))!;
    const authorId = proposal.petitionerPersonId ?? (await loaders.councilMember.load(proposal.proposerMemberId!))!.seatPersonId;
    const author = await loaders.person.load(authorId);
    return readsDraft(viewer, council, author?.userId ?? null) ? proposal : null;
  }

  /** An amendment, as visible as its proposal. */
  async findVisibleAmendment(viewer: Viewer, loaders: Pick<Loaders, "proposal" | "proposalAmendment" | "council" | "councilMember" | "person">, id: string): Promise<ProposalAmendment | null> {
    const amendment = await loaders.proposalAmendment.load(id);
    return amendment && (await this.findVisible(viewer, loaders, amendment.proposalId)) ? amendment : null;
  }

  /** A DRAFT by a member in term, or a residents' petition started by a resident of the council's area. */
  async create(viewer: Viewer, fields: ProposalFields): Promise<Proposal> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "councilId");
      const council = await findCouncil(manager, fields.councilId, "councilId");
      const seat = fields.byPetition ? null : await requireSeat(manager, council, person.id, "councilId");
      if (fields.byPetition) requireResident(council, person, "byPetition");
      const check = new InputCheck();
      requireFields(check, fields, ["title", "body", "category"], true);
      const title = text(check, "title", fields.title, 200, true);
      const body = text(check, "body", fields.body, 20_000, true);
      const partners = [...new Set(fields.partnerOrganizationIds ?? [])];
      if (partners.length > MAX_PARTNERS) check.add("partnerOrganizationIds", UserErrorCode.OUT_OF_RANGE, t("proposal.tooManyPartners", { max: MAX_PARTNERS }));
      const named = [...new Set([...(fields.leadOrganizationId ? [fields.leadOrganizationId] : []), ...partners])];
      if (named.length && (await manager.countBy(Organization, { id: In(named) })) !== named.length) check.add(fields.leadOrganizationId ? "leadOrganizationId" : "partnerOrganizationIds", UserErrorCode.NOT_FOUND, t("proposal.organizationNotFound"));
      if (partners.length && !fields.leadOrganizationId) check.add("leadOrganizationId", UserErrorCode.REQUIRED, t("proposal.partnersNeedLead"));
      if (fields.leadOrganizationId && partners.includes(fields.leadOrganizationId)) check.add("partnerOrganizationIds", UserErrorCode.INVALID, t("proposal.leadIsPartner"));
      check.throwIfAny();
      const proposal = await manager.save(
        manager.create(Proposal, {
          councilId: council.id, title: title!, body: body!, category: fields.category, status: ProposalStatus.DRAFT, proposerMemberId: seat?.id ?? null,
          petitionerPersonId: seat ? null : person.id, seconderMemberId: null, leadOrganizationId: fields.leadOrganizationId ?? null, partnerOrganizationIds: partners,
          stageEndsAt: null, submittedAt: null, secret: null, votingMeetingId: null, eligibleCount: null, presentCount: null, votesFor: null, votesAgainst: null, votesAbstain: null, decidedAt: null, projectId: null,
        }),
      );
      // The petitioner is its first signer.
      if (!seat) await manager.query(`INSERT INTO petition_signature (proposal_id, person_id) VALUES ($1, $2)`, [proposal.id, person.id]);
      await audit(manager, actor, { action: "createProposal", entityType: "Proposal", entityId: proposal.id, before: null, after: proposal });
      return proposal;
    });
  }

  /** A resident of the council's area signs a petition while it is a DRAFT; once each. */
  async signPetition(viewer: Viewer, proposalId: string): Promise<Proposal> {
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const { actor, person } = await actingPerson(manager, viewer, "proposalId");
        const { proposal, council } = await lockProposal(manager, proposalId, "read");
        if (proposal.petitionerPersonId === null) refuse("proposalId", UserErrorCode.INVALID, t("proposal.notAPetition"));
        requireStatus(proposal, [ProposalStatus.DRAFT]);
        requireResident(council, person, "proposalId");
        await manager.query(`INSERT INTO petition_signature (proposal_id, person_id) VALUES ($1, $2)`, [proposal.id, person.id]);
        await audit(manager, actor, { action: "signPetition", entityType: "Proposal", entityId: proposal.id, before: null, after: { proposalId: proposal.id, personId: person.id } });
        return proposal;
      },
      { constraint: "petition_signature_pkey", field: "proposalId", text: t("proposal.alreadySigned") },
    );
  }

  /** The author puts the DRAFT to the council; a petition needs the council's number of signatures first. */
  async submit(viewer: Viewer, proposalId: string): Promise<Proposal> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "proposalId");
      const locked = await lockProposal(manager, proposalId, "write");
      await requireAuthor(manager, locked.proposal, person.id);
      if (locked.proposal.petitionerPersonId !== null && locked.proposal.status === ProposalStatus.DRAFT) {
        const [{ count }]: { count: number }[] = await manager.query(`SELECT count(*)::int AS count FROM petition_signature WHERE proposal_id = $1`, [proposalId]);
        if (count < locked.council.petitionSignatures) refuse("proposalId", UserErrorCode.OUT_OF_RANGE, t("proposal.tooFewSignatures", { count, needed: locked.council.petitionSignatures }));
      }
      return moveProposal(manager, actor, locked, ProposalStatus.SUBMITTED, "submitProposal", (row) => (row.submittedAt = new Date()));
    });
  }

  /** Another member in term seconds a SUBMITTED proposal within its seconding time box. */
  async second(viewer: Viewer, proposalId: string): Promise<Proposal> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "proposalId");
      const locked = await lockProposal(manager, proposalId, "write");
      const seat = await requireSeat(manager, locked.council, person.id, "proposalId");
      requireStatus(locked.proposal, [ProposalStatus.SUBMITTED]);
      if (locked.proposal.proposerMemberId === seat.id) refuse("proposalId", UserErrorCode.NOT_PERMITTED, t("proposal.cannotSecondOwn"));
      requireWithinStage(locked.proposal);
      return moveProposal(manager, actor, locked, ProposalStatus.SECONDED, "secondProposal", (proposal) => (proposal.seconderMemberId = seat.id));
    });
  }

  /** The author withdraws it, at any point before its vote. */
  async withdraw(viewer: Viewer, proposalId: string): Promise<Proposal> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "proposalId");
      const locked = await lockProposal(manager, proposalId, "write");
      await requireAuthor(manager, locked.proposal, person.id);
      return moveProposal(manager, actor, locked, ProposalStatus.WITHDRAWN, "withdrawProposal");
    });
  }

  /** The convener opens the debate of a SECONDED proposal; its debate time box starts. */
  async openDebate(viewer: Viewer, actingId: string, proposalId: string): Promise<Proposal> {
    const actor = actFor(viewer, actingId, REQUIRE.councilSittings);
    return inTransaction(this.dataSource, async (manager) => {
      const locked = await lockProposal(manager, proposalId, "write");
      requireConvener(locked.council, actingId);
      return moveProposal(manager, actor, locked, ProposalStatus.IN_DEBATE, "openDebate");
    });
  }

  /** Any registered person speaks during the debate. */
  async comment(viewer: Viewer, proposalId: string, body: string): Promise<ProposalComment> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "proposalId");
      const { proposal, council } = await lockProposal(manager, proposalId, "read");
      requireStatus(proposal, [ProposalStatus.IN_DEBATE]);
      requireWithinStage(proposal);
      const check = new InputCheck();
      const said = text(check, "body", body, 2000, true);
      check.throwIfAny();
      const comment = await manager.save(manager.create(ProposalComment, { proposalId: proposal.id, personId: person.id, body: said! }));
      await audit(manager, actor, { action: "commentOnProposal", entityType: "ProposalComment", entityId: comment.id, before: null, after: comment });
      await recordEvents(manager, [proposalEvent(proposal, council, "COMMENT")]);
      return comment;
    });
  }

  /** A member in term proposes new text during the debate; the author answers it before voting can open. */
  async proposeAmendment(viewer: Viewer, proposalId: string, body: string): Promise<ProposalAmendment> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "proposalId");
      const { proposal, council } = await lockProposal(manager, proposalId, "read");
      const seat = await requireSeat(manager, council, person.id, "proposalId");
      requireStatus(proposal, [ProposalStatus.IN_DEBATE]);
      requireWithinStage(proposal);
      const check = new InputCheck();
      const amended = text(check, "body", body, 20_000, true);
      check.throwIfAny();
      const amendment = await manager.save(manager.create(ProposalAmendment, { proposalId: proposal.id, memberId: seat.id, body: amended!, status: AmendmentStatus.PROPOSED }));
      await audit(manager, actor, { action: "proposeAmendment", entityType: "ProposalAmendment", entityId: amendment.id, before: null, after: amendment });
      await recordEvents(manager, [proposalEvent(proposal, council, "AMENDMENT")]);
      return amendment;
    });
  }

  /** The author accepts an amendment (its text becomes the proposal's) or rejects it, while the debate lasts, unless it was put to a vote. */
  async answerAmendment(viewer: Viewer, amendmentId: string, accept: boolean): Promise<ProposalAmendment> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "amendmentId");
      const unlocked = await manager.findOneBy(ProposalAmendment, { id: amendmentId });
      if (!unlocked) refuse("amendmentId", UserErrorCode.NOT_FOUND, t("proposal.amendmentNotFound"));
      const { proposal, council } = await lockProposal(manager, unlocked.proposalId, "write");
      const amendment = await manager.findOneByOrFail(ProposalAmendment, { id: amendmentId });
      await requireAuthor(manager, proposal, person.id);
      requireStatus(proposal, [ProposalStatus.IN_DEBATE], "amendmentId");
      if (amendment.status === AmendmentStatus.VOTING) refuse("amendmentId", UserErrorCode.INVALID_TRANSITION, t("amendment.underVote"));
      if (amendment.status !== AmendmentStatus.PROPOSED) refuse("amendmentId", UserErrorCode.INVALID_TRANSITION, t("proposal.amendmentAnswered", { status: amendment.status }));
      return settleAmendment(manager, actor, { proposal, council, amendment }, accept, "answerAmendment");
    });
  }

  /**
   * The lead organisation a PASSED proposal names starts its project: a DRAFT project in the council's area, with
   * the named partners invited; the proposal keeps it, so the council follows its progress. Once only.
   */
  async startProject(viewer: Viewer, actingId: string, proposalId: string): Promise<Proposal> {
    const actor = actFor(viewer, actingId, REQUIRE.projects);
    return inTransaction(this.dataSource, async (manager) => {
      const lead = await actingOrganization(manager, actingId);
      const { proposal, council } = await lockProposal(manager, proposalId, "write");
      requireStatus(proposal, [ProposalStatus.PASSED]);
      if (proposal.leadOrganizationId !== lead.id) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("proposal.notTheLead", { organization: lead.name }));
      if (proposal.projectId !== null) refuse("proposalId", UserErrorCode.TAKEN, t("proposal.projectStarted"));
      const project = await this.projects.createIn(manager, actor, lead.id, { title: proposal.title, summary: proposal.body.slice(0, 5000), category: PROJECT_CATEGORY[proposal.category], areaCode: council.areaCode }, "startProjectFromProposal");
      for (const partnerId of proposal.partnerOrganizationIds) await this.projects.inviteIn(manager, actor, project, partnerId, PartnershipRole.PARTNER);
      const before = snapshot(proposal);
      proposal.projectId = project.id;
      const saved = await manager.save(proposal);
      await audit(manager, actor, { action: "startProjectFromProposal", entityType: "Proposal", entityId: saved.id, before, after: saved });
      await recordEvents(manager, [proposalEvent(saved, council, "STATUS")]);
      return saved;
    });
  }
}

/** Petitions are the residents' own: one living in the council's area (by the home area on their profile). */
function requireResident(council: Council, person: Person, field: string): void {
  if (!person.homeAreaCode?.startsWith(council.areaCode)) refuse(field, UserErrorCode.NOT_PERMITTED, t("proposal.notResident"));
}

