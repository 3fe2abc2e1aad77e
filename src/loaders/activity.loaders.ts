import { DataSource } from "typeorm";
import { Activity } from "../entities/community/activity";
import { ActivityShift } from "../entities/community/activity-shift";
import { ShiftSignUp, SignUpStatus } from "../entities/community/shift-sign-up";
import { countLoader, listLoader, loaderByKey } from "./loader-by-key";

/** Activities, their shifts, and the shifts' sign-ups and counts. */
export function activityLoaders(dataSource: DataSource) {
  return {
    activity: loaderByKey(dataSource, Activity, "id"),
    activityShift: loaderByKey(dataSource, ActivityShift, "id"),
    shiftSignUp: loaderByKey(dataSource, ShiftSignUp, "id"),
    shiftsOfActivity: listLoader(dataSource, ActivityShift, "activityId", { startsAt: "ASC", id: "ASC" }),
    /** In the order people signed up: the waitlist's order. */
    signUpsOfShift: listLoader(dataSource, ShiftSignUp, "shiftId", { createdAt: "ASC", id: "ASC" }),
    confirmedOfShift: countLoader(dataSource, "shift_sign_up", "shift_id", [SignUpStatus.CONFIRMED]),
    waitlistedOfShift: countLoader(dataSource, "shift_sign_up", "shift_id", [SignUpStatus.WAITLISTED]),
  };
}
