import { EntityManager } from "typeorm";
import { demoPersonId } from "./people-demo";

/**
 * The 青杠林社區人民調解委員會's cases, one in every state: a noise dispute settled by agreement (its judicial
 * confirmation deadline running), a leak referred to court after no agreement, and cases applied, accepted, in
 * mediation (overdue), declined and withdrawn. Fixed ids, so a re-seed restores them; times count from the load.
 */
const id = (n: number) => `c0960000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const COMMITTEE = "c0900000-0000-4000-8000-000000000020";
const JINHUA_PROPERTY = "c0900000-0000-4000-8000-000000000017";
const QGL = "510107021001";
// Mediators: 李律師 (a lawyer) and 何科長; parties are residents of 青杠林 and the property company.
const MEDIATORS = [demoPersonId(4), demoPersonId(12)];

interface DemoCase {
  n: number;
  category: string;
  summary: string;
  area: string;
  status: string;
  /** Days before the load: applied, accepted, closed. */
  applied: number;
  accepted?: number;
  closed?: number;
  applicant: number | "property";
  respondent: number | "property";
  mediator?: number;
  consents?: ("applicant" | "respondent")[];
  refusedBy?: "respondent";
  sessions?: { daysAgo: number; place: string; notes: string }[];
  terms?: string;
  declineReason?: string;
  referral?: string;
  referralNote?: string;
}

const ROOM = "青杠林社區黨群服務中心調解室";
const CASES: DemoCase[] = [
  {
    n: 1, category: "NEIGHBOURS", summary: "3棟402住戶反映樓上502夜間拖動傢俱、聚會喧嘩，影響老人休息，多次溝通未果。", area: `${QGL}002`, status: "AGREEMENT",
    applied: 40, accepted: 38, closed: 12, applicant: 14, respondent: 9, mediator: 0, consents: ["applicant", "respondent"],
    sessions: [{ daysAgo: 30, place: ROOM, notes: "雙方各自陳述；502住戶表示不知道噪音影響這麼大。" }, { daysAgo: 14, place: "3棟402", notes: "上門實地聽音，商定晚十點後不拖動傢俱、週末聚會提前告知。" }],
    terms: "一、502住戶晚上十點至早上七點不拖動傢俱、不聚會喧嘩；二、傢俱腳加裝防滑墊；三、如有聚會提前一天告知402；四、雙方互留電話，有事先溝通。",
  },
  {
    n: 2, category: "PROPERTY_MANAGEMENT", summary: "5棟頂樓住戶房屋漏水，要求物業維修並賠償損失，物業認為屬業主自身防水問題。", area: `${QGL}003`, status: "NO_AGREEMENT",
    applied: 50, accepted: 47, closed: 8, applicant: 13, respondent: "property", mediator: 0, consents: ["applicant", "respondent"],
    sessions: [{ daysAgo: 40, place: ROOM, notes: "物業同意先行維修，但對賠償金額分歧大。" }, { daysAgo: 20, place: ROOM, notes: "鑑定報告各執一詞，雙方同意終止調解。" }],
    referral: "COURT", referralNote: "告知當事人可向武侯區人民法院起訴，並可申請法律援助。",
  },
  { n: 3, category: "NEIGHBOURS", summary: "鄰居養狗夜間吠叫，樓道有狗糞。", area: `${QGL}001`, status: "APPLIED", applied: 1, applicant: 11, respondent: 22, consents: ["applicant"] },
  {
    n: 4, category: "NEIGHBOURS", summary: "樓道堆放雜物佔用消防通道，雙方多次爭吵。", area: `${QGL}004`, status: "ACCEPTED",
    applied: 6, accepted: 3, applicant: 6, respondent: 26, mediator: 1, consents: ["applicant", "respondent"],
  },
  {
    n: 5, category: "PROPERTY_MANAGEMENT", summary: "地下車位被他人長期佔用，要求物業處理。", area: `${QGL}001`, status: "IN_MEDIATION",
    applied: 40, accepted: 35, applicant: 28, respondent: "property", mediator: 1, consents: ["applicant", "respondent"],
    sessions: [{ daysAgo: 25, place: ROOM, notes: "物業答應核查車位登記，下次帶資料來。" }],
  },
  {
    n: 6, category: "FAMILY", summary: "兄妹就母親贍養費用分擔發生糾紛。", area: `${QGL}002`, status: "DECLINED",
    applied: 20, closed: 17, applicant: 8, respondent: 29, consents: ["applicant"], refusedBy: "respondent", declineReason: "被申請人不同意調解，已告知申請人可向法院起訴或申請法律援助。",
  },
  { n: 7, category: "NEIGHBOURS", summary: "裝修噪音擾民，週末早上施工。", area: `${QGL}003`, status: "WITHDRAWN", applied: 15, closed: 10, applicant: 5, respondent: 6, consents: ["applicant"] },
];

const ago = (days: number) => `now() - interval '${days} days'`;

/** Removes the demo cases and the committee's roster, children first. */
export async function removeDemoMediation(manager: EntityManager): Promise<void> {
  const cases = CASES.map((row) => id(row.n));
  for (const table of ["mediation_session", "mediation_assignment", "mediation_party_act", "mediation_party"]) await manager.query(`DELETE FROM ${table} WHERE case_id = ANY($1::uuid[])`, [cases]);
  await manager.query(`DELETE FROM mediation_case WHERE id = ANY($1::uuid[])`, [cases]);
  await manager.query(`DELETE FROM mediator WHERE organization_id = $1`, [COMMITTEE]);
}

/** Writes the roster and the cases after the demo people: mediators and parties hold the committee's consent. */
export async function insertDemoMediation(manager: EntityManager): Promise<void> {
  const people = [...new Set([...MEDIATORS, ...CASES.flatMap((row) => [row.applicant, row.respondent]).filter((party): party is number => party !== "property").map(demoPersonId)])];
  await manager.query(
    `INSERT INTO person_consent (person_id, organization_id, purpose, consented_at) SELECT unnest($1::uuid[]), $2, '人民調解', now() - interval '60 days' ON CONFLICT (person_id, organization_id) DO NOTHING`,
    [people, COMMITTEE],
  );
  for (const mediator of MEDIATORS) await manager.query(`INSERT INTO mediator (organization_id, person_id) VALUES ($1, $2)`, [COMMITTEE, mediator]);
  for (const row of CASES) {
    const caseId = id(row.n);
    const accepted = row.accepted === undefined ? "NULL" : ago(row.accepted);
    const due = row.accepted === undefined ? "NULL" : ago(row.accepted - 30);
    await manager.query(
      `INSERT INTO mediation_case (id, committee_id, category, summary, area_code, status, decline_reason, referral, referral_note, terms, terms_round, applied_at, accepted_at, due_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ${ago(row.applied)}, ${accepted}, ${due}, ${row.closed === undefined ? "NULL" : ago(row.closed)})`,
      [caseId, COMMITTEE, row.category, row.summary, row.area, row.status, row.declineReason ?? null, row.referral ?? null, row.referralNote ?? null, row.terms ?? null, row.terms ? 1 : 0],
    );
    const party = async (n: number, side: number | "property", role: string) => {
      await manager.query(`INSERT INTO mediation_party (id, case_id, role, person_id, organization_id) VALUES ($1, $2, $3, $4, $5)`, [
        id(row.n * 100 + n), caseId, role, side === "property" ? null : demoPersonId(side), side === "property" ? JINHUA_PROPERTY : null,
      ]);
      return id(row.n * 100 + n);
    };
    const parties = { applicant: await party(1, row.applicant, "APPLICANT"), respondent: await party(2, row.respondent, "RESPONDENT") };
    for (const side of row.consents ?? []) await manager.query(`INSERT INTO mediation_party_act (case_id, party_id, act, created_at) VALUES ($1, $2, 'CONSENT', ${ago(row.applied)})`, [caseId, parties[side]]);
    if (row.refusedBy) await manager.query(`INSERT INTO mediation_party_act (case_id, party_id, act, created_at) VALUES ($1, $2, 'REFUSE', ${ago(row.closed ?? 0)})`, [caseId, parties[row.refusedBy]]);
    if (row.terms) {
      for (const side of [parties.applicant, parties.respondent]) await manager.query(`INSERT INTO mediation_party_act (case_id, party_id, act, round, created_at) VALUES ($1, $2, 'SIGN', 1, ${ago(row.closed!)})`, [caseId, side]);
    }
    if (row.mediator !== undefined) await manager.query(`INSERT INTO mediation_assignment (case_id, mediator_person_id, created_at) VALUES ($1, $2, ${ago(row.accepted ?? row.applied)})`, [caseId, MEDIATORS[row.mediator]]);
    for (const session of row.sessions ?? []) {
      await manager.query(
        `INSERT INTO mediation_session (case_id, held_at, place, attendee_party_ids, attendee_mediator_ids, notes) VALUES ($1, ${ago(session.daysAgo)}, $2, $3, $4, $5)`,
        [caseId, session.place, [parties.applicant, parties.respondent], [MEDIATORS[row.mediator!]], session.notes],
      );
    }
  }
}

export const DEMO_MEDIATION_CASES = CASES.length;
