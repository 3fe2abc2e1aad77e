import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { Person } from "../../entities/community/person";
import { ShiftSignUp } from "../../entities/community/shift-sign-up";
import { LeaderboardMetric, STAR_THRESHOLDS } from "../../services/community/recognition.service";
import { Connection } from "../connection";

registerEnumType(LeaderboardMetric, {
  name: "LeaderboardMetric",
  description: "What a leaderboard ranks volunteers by.",
  valuesConfig: {
    HOURS: { description: "Verified hours served." },
    POINTS: { description: "Points the service earned, net of reversals." },
  },
});

export const ServiceRecordConnection = Connection("ServiceRecord", ShiftSignUp);
export type ServiceRecordConnection = InstanceType<typeof ServiceRecordConnection>;

const STARS = `0 to 5: one star from ${STAR_THRESHOLDS.join(", ")} cumulative verified hours on (志願服務記錄與證明出具辦法); 0 below ${STAR_THRESHOLDS[0]} hours.`;
export const STARS_DESCRIPTION = STARS;

@ObjectType("VolunteerRecord", { description: "A person's volunteer service record, as a certificate prints it: every verified participation and the totals." })
export class VolunteerRecord {
  @Field(() => Person, { description: "The person whose record it is." })
  person: Person;

  @Field(() => Float, { description: "Cumulative verified hours." })
  verifiedHours: number;

  @Field(() => Int, { description: STARS })
  stars: number;

  @Field(() => ServiceRecordConnection, {
    description: "Each verified participation, oldest verification first: its shift (start, end, and the activity with its title, kind and organiser), hours, and who verified them when.",
  })
  participations: ServiceRecordConnection;
}

@ObjectType("LeaderboardEntry", { description: "A volunteer's place on a leaderboard: named only when they agreed to public recognition, else anonymous." })
export class LeaderboardEntry {
  personId: string;
  displayName: string | null;

  @Field(() => Int, { description: "1 for the most; equal figures share a rank." })
  rank: number;

  @Field(() => Float, { description: "Hours verified for service on the period's shifts in the area." })
  verifiedHours: number;

  @Field(() => Int, { description: "Points that service earned, net of reversals." })
  pointsEarned: number;
}
