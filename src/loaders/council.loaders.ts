import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { KeysetPager, Page, PageArgs } from "../db/keyset-page";
import { Council } from "../entities/community/council";
import { CouncilMeeting } from "../entities/community/council-meeting";
import { CouncilMember } from "../entities/community/council-member";
import { Proposal } from "../entities/community/proposal";
import { ProposalAmendment } from "../entities/community/proposal-amendment";
import { ProposalComment } from "../entities/community/proposal-comment";
import { Vote } from "../entities/community/vote";
import { CouncilFigures, councilFiguresOfConveners } from "../services/community/council-figures";
import { OLDEST_FIRST } from "./collaboration.loaders";
import { countLoader, listLoader, loaderByKey, perArguments } from "./loader-by-key";

/** Ids listed per key by one statement per batch, in the statement's order. */
function idsLoader(dataSource: DataSource, sql: string): DataLoader<string, string[]> {
  return new DataLoader<string, string[]>(async (keys) => {
    const rows: { key: string; id: string }[] = await dataSource.query(sql, [[...keys]]);
    const byKey = new Map<string, string[]>(keys.map((key) => [key, []]));
    for (const row of rows) byKey.get(row.key)?.push(row.id);
    return keys.map((key) => byKey.get(key)!);
  });
}

/** Councils, their seats and sittings, and proposals with their debate and votes. */
export function councilLoaders(dataSource: DataSource) {
  const seats = new KeysetPager(dataSource.getRepository(CouncilMember));
  const votes = new KeysetPager(dataSource.getRepository(Vote));
  const seatCount = countLoader(dataSource, "council_member", "council_id");
  const voteCount = countLoader(dataSource, "vote", "proposal_id");
  return {
    council: loaderByKey(dataSource, Council, "id"),
    councilOfArea: loaderByKey(dataSource, Council, "areaCode"),
    councilMember: loaderByKey(dataSource, CouncilMember, "id"),
    councilMeeting: loaderByKey(dataSource, CouncilMeeting, "id"),
    proposal: loaderByKey(dataSource, Proposal, "id"),
    proposalAmendment: loaderByKey(dataSource, ProposalAmendment, "id"),
    membersOfCouncil: listLoader(dataSource, CouncilMember, "councilId", { termStartsOn: "ASC", id: "ASC" }),
    meetingsOfCouncil: listLoader(dataSource, CouncilMeeting, "councilId", { scheduledAt: "ASC", id: "ASC" }),
    amendmentsOfProposal: listLoader(dataSource, ProposalAmendment, "proposalId", { createdAt: "ASC", id: "ASC" }),
    commentsOfProposal: listLoader(dataSource, ProposalComment, "proposalId", { createdAt: "ASC", id: "ASC" }),
    votesOfProposal: listLoader(dataSource, Vote, "proposalId", { createdAt: "ASC", id: "ASC" }),
    /** A page of each council's seats, in the order they were filled: one statement for all councils asked. */
    seatsOfCouncil: perArguments((page: PageArgs) =>
      new DataLoader<string, Page<CouncilMember>>((councilIds) => seats.pagesByParent("councilId", councilIds, OLDEST_FIRST, page, (id) => seatCount.load(id))),
    ),
    /** A page of each proposal's votes, in the order members first voted. */
    votesCastOnProposal: perArguments((page: PageArgs) =>
      new DataLoader<string, Page<Vote>>((proposalIds) => votes.pagesByParent("proposalId", proposalIds, OLDEST_FIRST, page, (id) => voteCount.load(id))),
    ),
    /** The figures of the councils each organisation convenes over a period: one statement for all organisations asked. */
    councilFiguresOfConvener: perArguments(({ from, to }: { from: Date; to: Date }) =>
      new DataLoader<string, CouncilFigures>((organizationIds) => councilFiguresOfConveners(dataSource, organizationIds, from, to)),
    ),
    signaturesOfProposal: countLoader(dataSource, "petition_signature", "proposal_id"),
    /** A meeting's agenda, proposal ids in agenda order. */
    agendaOfMeeting: idsLoader(dataSource, `SELECT meeting_id AS key, proposal_id AS id FROM meeting_agenda_item WHERE meeting_id = ANY($1) ORDER BY position`),
    /** Members recorded present at a meeting. */
    attendanceOfMeeting: idsLoader(dataSource, `SELECT meeting_id AS key, member_id AS id FROM meeting_attendance WHERE meeting_id = ANY($1) ORDER BY member_id`),
    /** Proposals decided at a meeting, in the order they were decided. */
    decisionsOfMeeting: idsLoader(dataSource, `SELECT voting_meeting_id AS key, id FROM proposal WHERE voting_meeting_id = ANY($1) AND status IN ('PASSED', 'REJECTED') ORDER BY decided_at, id`),
  };
}
