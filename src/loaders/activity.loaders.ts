import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { KeysetPager, Page, PageArgs } from "../db/keyset-page";
import { Activity } from "../entities/community/activity";
import { ActivityShift } from "../entities/community/activity-shift";
import { ShiftSignUp, SignUpStatus } from "../entities/community/shift-sign-up";
import { OLDEST_FIRST } from "./collaboration.loaders";
import { countLoader, listLoader, loaderByKey, perArguments } from "./loader-by-key";

/** Activities, their shifts, and the shifts' sign-ups and counts. */
export function activityLoaders(dataSource: DataSource) {
  const signUps = new KeysetPager(dataSource.getRepository(ShiftSignUp));
  const signUpsCount = countLoader(dataSource, "shift_sign_up", "shift_id");
  return {
    activity: loaderByKey(dataSource, Activity, "id"),
    activityShift: loaderByKey(dataSource, ActivityShift, "id"),
    shiftSignUp: loaderByKey(dataSource, ShiftSignUp, "id"),
    shiftsOfActivity: listLoader(dataSource, ActivityShift, "activityId", { startsAt: "ASC", id: "ASC" }),
    /** A page of each shift's sign-ups, in the order people signed up (the waitlist's order): one statement for all shifts asked. */
    signUpsOfShift: perArguments((page: PageArgs) =>
      new DataLoader<string, Page<ShiftSignUp>>((shiftIds) => signUps.pagesByParent("shiftId", shiftIds, OLDEST_FIRST, page, (id) => signUpsCount.load(id))),
    ),
    confirmedOfShift: countLoader(dataSource, "shift_sign_up", "shift_id", [SignUpStatus.CONFIRMED]),
    waitlistedOfShift: countLoader(dataSource, "shift_sign_up", "shift_id", [SignUpStatus.WAITLISTED]),
  };
}
