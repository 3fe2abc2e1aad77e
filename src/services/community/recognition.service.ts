import { DataSource } from "typeorm";
import { PersonReader, personReaderOf, shown } from "../../auth/person-privacy";
import type { Viewer } from "../../auth/viewer";
import { KeysetPager, Page, PageArgs, Sort } from "../../db/keyset-page";
import { Person } from "../../entities/community/person";
import { ShiftSignUp } from "../../entities/community/shift-sign-up";
import { t } from "../../i18n/text";
import type { Loaders } from "../../loaders";
import type { AreaService } from "../area.service";
import { checkPeriod } from "../dashboard.service";
import { DomainError } from "../errors";

/**
 * Stars by cumulative verified hours, as 志願服務記錄與證明出具辦法 rates volunteers: one star from 100 hours,
 * two from 300, three from 600, four from 1,000, five from 1,500. Below 100 hours a volunteer has no star (0):
 * the hours are on record, the rating starts at 100.
 */
export const STAR_THRESHOLDS = [100, 300, 600, 1000, 1500] as const;

export function starsFor(hours: number): number {
  return STAR_THRESHOLDS.filter((threshold) => hours >= threshold).length;
}

export interface Recognition {
  verifiedHours: number;
  stars: number;
}

export interface VolunteerRecord extends Recognition {
  person: Person;
  participations: Page<ShiftSignUp>;
}

export enum LeaderboardMetric {
  HOURS = "HOURS",
  POINTS = "POINTS",
}

export interface LeaderboardRow {
  rank: number;
  personId: string;
  /** The display name when the person agreed to public recognition, else null: the entry stays anonymous. */
  displayName: string | null;
  verifiedHours: number;
  pointsEarned: number;
}

export const MAX_LEADERBOARD = 50;

/** The record lists verified service in the order it was verified. */
const RECORD_ORDER: Sort = { name: "VERIFIED_AT", property: "verifiedAt", kind: "timestamp", direction: "ASC" };

/*
 * Both leaderboards count service in the area's activities (a prefix of the area code) on shifts that started in
 * [from, to): the hours verified for it, and the points it earned net of reversals. Index ranges only: activities
 * by area code, their shifts by start, the shifts' verified sign-ups from a partial covering index, each
 * sign-up's EARN entry and its reversal from partial covering indexes. Parameters: area code prefix with %, from, to, how many.
 */
export const leaderboardSql = (metric: LeaderboardMetric) => `
  WITH served AS MATERIALIZED (
    SELECT s.person_id, s.hours,
           -- Per sign-up by its unique keys: a join here would be hashed over the whole ledger.
           coalesce((SELECT earned.points - coalesce((SELECT reversal.points FROM points_entry reversal WHERE reversal.reverses_entry_id = earned.id AND reversal.kind = 'REVERSAL'), 0)
                     FROM points_entry earned WHERE earned.sign_up_id = s.id AND earned.kind = 'EARN'), 0) AS points
    FROM activity a
    JOIN activity_shift sh ON sh.activity_id = a.id AND sh.starts_at >= $2 AND sh.starts_at < $3
    JOIN shift_sign_up s ON s.shift_id = sh.id AND s.verified_at IS NOT NULL
    WHERE a.area_code LIKE $1
  ), totals AS (
    SELECT person_id, sum(hours) AS hours, sum(points) AS points FROM served GROUP BY person_id
  )
  SELECT rank() OVER (ORDER BY totals.${metric === LeaderboardMetric.HOURS ? "hours" : "points"} DESC)::int AS rank,
         p.id AS "personId", CASE WHEN p.public_recognition THEN p.display_name END AS "displayName",
         totals.hours::float8 AS "verifiedHours", totals.points::int AS "pointsEarned"
  FROM totals JOIN person p ON p.id = totals.person_id
  WHERE totals.${metric === LeaderboardMetric.HOURS ? "hours" : "points"} > 0
  -- Equal ranks in a stable order that says nothing about who is who.
  ORDER BY rank, p.label COLLATE "C"
  LIMIT $4`;

/** Recognition of volunteers: cumulative verified hours and stars, the service record, leaderboards. */
export class RecognitionService {
  private readonly signUps: KeysetPager<ShiftSignUp>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly areas: AreaService,
  ) {
    this.signUps = new KeysetPager(dataSource.getRepository(ShiftSignUp));
  }

  /** Hours and stars as the viewer may read them (auth/person-privacy.ts, `recognition`); null when hidden. */
  async recognitionFor(loaders: Pick<Loaders, "verifiedHoursOfPerson">, reader: PersonReader, person: Person): Promise<Recognition | null> {
    if (shown("recognition", reader, person) !== "full") return null;
    const verifiedHours = await loaders.verifiedHoursOfPerson.load(person.id);
    return { verifiedHours, stars: starsFor(verifiedHours) };
  }

  /**
   * The person's service record: every verified participation, oldest verification first, and the totals. The
   * person and admins of organisations holding their consent read it; anyone else is refused.
   */
  async volunteerRecord(viewer: Viewer, loaders: Pick<Loaders, "person" | "holdersOfPerson" | "verifiedHoursOfPerson">, personId: string, askedAs: string, page: PageArgs): Promise<VolunteerRecord> {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    const person = await loaders.person.load(personId);
    if (!person) throw new DomainError("NOT_FOUND", t("recognition.personNotFound", { id: askedAs }));
    const reader = personReaderOf(viewer, person, await loaders.holdersOfPerson.load(person.id));
    if (shown("volunteerRecord", reader, person) !== "full") throw new DomainError("FORBIDDEN", t("recognition.recordNotYours"));
    const query = this.dataSource
      .getRepository(ShiftSignUp)
      .createQueryBuilder("sign_up")
      .where(`"sign_up"."person_id" = :personId AND "sign_up"."verified_at" IS NOT NULL`, { personId });
    const [participations, verifiedHours] = await Promise.all([this.signUps.page(query, RECORD_ORDER, page), loaders.verifiedHoursOfPerson.load(person.id)]);
    return { person, participations, verifiedHours, stars: starsFor(verifiedHours) };
  }

  /** The first `first` volunteers by `metric` in the area (and below) over [from, to); ties share a rank. */
  async leaderboard(metric: LeaderboardMetric, areaCode: string, from: Date, to: Date, first: number): Promise<LeaderboardRow[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_LEADERBOARD) {
      throw new DomainError("BAD_USER_INPUT", t("dashboard.firstOutOfRange", { first, max: MAX_LEADERBOARD }));
    }
    checkPeriod(from, to);
    await this.areas.require(areaCode, "areaCode");
    return this.dataSource.query(leaderboardSql(metric), [`${areaCode}%`, from, to, first]);
  }
}
