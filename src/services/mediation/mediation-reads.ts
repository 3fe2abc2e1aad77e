import type { DataSource } from "typeorm";
import { canAdminister } from "../../auth/policy";
import { CaseInvolvement, MediationField, showsMediation, ViewerPerson } from "../../auth/mediation-privacy";
import type { Viewer } from "../../auth/viewer";
import { KeysetPager, emptyPage, Page, PageArgs, Sort } from "../../db/keyset-page";
import { MediationCase } from "../../entities/mediation/mediation-case";
import { Mediator } from "../../entities/mediation/mediator";
import type { Loaders } from "../../loaders";
import { mediationClock, OPEN_MEDIATION_STATUSES } from "./mediation-lifecycle";

type MediationLoaders = Pick<Loaders, "mediationCase" | "partiesOfCase" | "assignmentsOfCase" | "personOfUser">;

const NEWEST_FIRST: Sort = { name: "APPLIED_AT", property: "appliedAt", kind: "timestamp", direction: "DESC" };

/** Reading cases by the rules of auth/mediation-privacy.ts: a case exists only for those involved in it. */
export class MediationReads {
  private readonly pager: KeysetPager<MediationCase>;

  constructor(private readonly dataSource: DataSource) {
    this.pager = new KeysetPager(dataSource.getRepository(MediationCase));
  }

  /** The case, to its committee's admins, its assigned mediators and its parties; null to everyone else. */
  async findVisible(viewer: Viewer, loaders: MediationLoaders, id: string): Promise<MediationCase | null> {
    const found = await loaders.mediationCase.load(id);
    return found && (await this.shows("case", viewer, loaders, found)) ? found : null;
  }

  /** Whether the viewer sees `field` of the case (of the party `aboutPartyId`, for a party's fields). */
  async shows(field: MediationField, viewer: Viewer, loaders: MediationLoaders, mediationCase: MediationCase, aboutPartyId?: string): Promise<boolean> {
    if (viewer.kind !== "user") return false;
    const [involvement, person] = await Promise.all([involvementOf(loaders, mediationCase), loaders.personOfUser.load(viewer.user.id)]);
    const reader: ViewerPerson = { viewer, personId: person?.id ?? null };
    return showsMediation(field, reader, involvement, aboutPartyId);
  }

  /** The committee's cases, newest first: all to its admins, their own to its mediators, none to anyone else; `overdueOnly` narrows to open cases past their deadline. */
  async page(viewer: Viewer, loaders: Pick<Loaders, "personOfUser">, committeeId: string, overdueOnly: boolean, args: PageArgs): Promise<Page<MediationCase>> {
    if (viewer.kind !== "user") return emptyPage();
    const query = this.dataSource.getRepository(MediationCase).createQueryBuilder("c").where(`"c"."committee_id" = :committeeId`, { committeeId });
    if (!canAdminister(viewer, committeeId)) {
      const person = await loaders.personOfUser.load(viewer.user.id);
      if (!person) return emptyPage();
      query.andWhere(`EXISTS (SELECT 1 FROM mediation_assignment a WHERE a.case_id = "c"."id" AND a.mediator_person_id = :personId AND a.ended_at IS NULL)`, { personId: person.id });
    }
    if (overdueOnly) query.andWhere(`"c"."status" IN (:...open) AND "c"."due_at" < :now`, { open: OPEN_MEDIATION_STATUSES, now: mediationClock.now() });
    return this.pager.page(query, NEWEST_FIRST, args);
  }

  /** The committee's roster, to its admins; empty to everyone else. */
  roster(viewer: Viewer, loaders: Pick<Loaders, "mediatorsOfCommittee">, committeeId: string): Promise<Mediator[]> {
    return canAdminister(viewer, committeeId) ? loaders.mediatorsOfCommittee.load(committeeId) : Promise.resolve([]);
  }
}

/** Who is involved in the case now, from its parties and its current assignments. */
export async function involvementOf(loaders: Pick<Loaders, "partiesOfCase" | "assignmentsOfCase">, mediationCase: MediationCase): Promise<CaseInvolvement> {
  const [parties, assignments] = await Promise.all([loaders.partiesOfCase.load(mediationCase.id), loaders.assignmentsOfCase.load(mediationCase.id)]);
  return {
    committeeId: mediationCase.committeeId,
    mediatorPersonIds: assignments.filter((assignment) => assignment.endedAt === null).map((assignment) => assignment.mediatorPersonId),
    parties,
  };
}
