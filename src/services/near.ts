import { t } from "../i18n/text";
import { DomainError } from "./errors";

export const MAX_RADIUS_KM = 500;
const EARTH_RADIUS_KM = 6371;

export interface Near {
  lat: number;
  lng: number;
  radiusKm: number;
}

/**
 * Rows of `alias` (with latitude and longitude columns) within `radiusKm` of a point: a bounding box an index
 * can use, then the great-circle (haversine) distance. Parameters are named after `alias`, so two may share a query.
 */
export function nearCondition(alias: string, near: Near): { sql: string; parameters: Record<string, number> } {
  const { lat, lng, radiusKm } = near;
  if (!Number.isFinite(lat) || Math.abs(lat) > 90 || !Number.isFinite(lng) || Math.abs(lng) > 180) {
    throw new DomainError("BAD_USER_INPUT", t("need.nearOutOfRange", { lat, lng }));
  }
  if (!(radiusKm > 0 && radiusKm <= MAX_RADIUS_KM)) {
    throw new DomainError("BAD_USER_INPUT", t("need.radiusOutOfRange", { max: MAX_RADIUS_KM, radiusKm }));
  }
  const latDelta = (radiusKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const lngDelta = latDelta / Math.max(Math.cos((lat * Math.PI) / 180), 0.01);
  const p = (name: string) => `:${alias}_${name}`;
  const column = (name: string) => `"${alias}"."${name}"`;
  const sql =
    `${column("latitude")} BETWEEN ${p("minLat")} AND ${p("maxLat")} AND ${column("longitude")} BETWEEN ${p("minLng")} AND ${p("maxLng")} AND ` +
    `2 * ${EARTH_RADIUS_KM} * asin(sqrt(power(sin(radians(${column("latitude")} - ${p("lat")}) / 2), 2) + ` +
    `cos(radians(${p("lat")})) * cos(radians(${column("latitude")})) * power(sin(radians(${column("longitude")} - ${p("lng")}) / 2), 2))) <= ${p("radiusKm")}`;
  const parameters = { minLat: lat - latDelta, maxLat: lat + latDelta, minLng: lng - lngDelta, maxLng: lng + lngDelta, lat, lng, radiusKm };
  return { sql, parameters: Object.fromEntries(Object.entries(parameters).map(([name, value]) => [`${alias}_${name}`, value])) };
}
