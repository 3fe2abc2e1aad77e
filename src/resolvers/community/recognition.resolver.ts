import { Arg, Args, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Person } from "../../entities/community/person";
import { LeaderboardMetric, MAX_LEADERBOARD } from "../../services/community/recognition.service";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { keyOf } from "../../schema/global-id";
import { LeaderboardEntry, ServiceRecordConnection, STARS_DESCRIPTION, VolunteerRecord } from "../../schema/community/recognition.types";

const RECOGNITION = "Personal (README: who reads a person's data): to the person and organisations holding their consent; to everyone once the person agreed to public recognition; null otherwise.";

@Resolver(() => VolunteerRecord)
export class RecognitionResolver {
  @Query(() => VolunteerRecord, { description: "A person's volunteer service record. The person, and ADMINs of organisations holding their consent; FORBIDDEN for others." })
  async volunteerRecord(@Arg("personId", () => ID, { description: "The global ID of the Person." }) personId: string, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { loaders, services, viewer }: Context): Promise<VolunteerRecord> {
    const record = await services.recognition.volunteerRecord(viewer, loaders, keyOf(personId, "Person", "personId"), personId, pageArgs(page));
    return { ...record, participations: ServiceRecordConnection.of(record.participations) };
  }

  @Query(() => [LeaderboardEntry], {
    description: `Volunteers with the most verified hours or points over [from, to) (at most 366 days) for service in an area's activities (and below), on shifts that started in the period. Anyone may read it: names show only for people who agreed to public recognition; others (and erased people) are anonymous entries with their sums.`,
  })
  leaderboard(
    @Arg("metric", () => LeaderboardMetric, { description: "Rank by verified hours or by points." }) metric: LeaderboardMetric,
    @Arg("areaCode", () => String, { description: "The area's hierarchical division code; its activities and those of the areas below it count." }) areaCode: string,
    @Arg("from", () => Date, { description: "Start of the period, inclusive (UTC, ISO 8601)." }) from: Date,
    @Arg("to", () => Date, { description: "End of the period, exclusive (UTC, ISO 8601)." }) to: Date,
    @Arg("first", () => Int, { defaultValue: 10, description: `1 to ${MAX_LEADERBOARD}.` }) first: number,
    @Ctx() { services }: Context,
  ): Promise<LeaderboardEntry[]> {
    return services.recognition.leaderboard(metric, areaCode, from, to, first);
  }
}

@Resolver(() => LeaderboardEntry)
export class LeaderboardEntryResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The display name of a person who agreed to public recognition; null for everyone else. Not even their pseudonymous label shows: " +
      "anyone who knows a person's id may read the label, which would tie the person to hours they did not agree to show.",
  })
  name(@Root() entry: LeaderboardEntry): string | null {
    return entry.displayName;
  }

  @FieldResolver(() => Person, { nullable: true, description: "The person, for those who agreed to public recognition; null for others." })
  person(@Root() entry: LeaderboardEntry, @Ctx() { loaders }: Context): Promise<Person | null> {
    return entry.displayName === null ? Promise.resolve(null) : loaders.person.load(entry.personId);
  }
}

@Resolver(() => Person)
export class PersonRecognitionResolver {
  @FieldResolver(() => Float, { nullable: true, description: `Cumulative verified hours. ${RECOGNITION}` })
  async verifiedHours(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<number | null> {
    const reader = await services.people.readerOf(viewer, loaders, person);
    return (await services.recognition.recognitionFor(loaders, reader, person))?.verifiedHours ?? null;
  }

  @FieldResolver(() => Int, { nullable: true, description: `${STARS_DESCRIPTION} ${RECOGNITION}` })
  async stars(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<number | null> {
    const reader = await services.people.readerOf(viewer, loaders, person);
    return (await services.recognition.recognitionFor(loaders, reader, person))?.stars ?? null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "Whether the person agreed to public recognition. Personal: the person and admins of organisations holding their consent; null for others." })
  publicRecognition(@Root() person: Person, @Ctx() { loaders, services, viewer }: Context): Promise<boolean | null> {
    return services.people.personal(viewer, loaders, person, "publicRecognition", () => person.publicRecognition);
  }
}
