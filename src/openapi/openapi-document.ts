import { MAX_PAGE_SIZE } from "../db/keyset-page";
import { PledgeStatus } from "../entities/pledge";
import { NeedCategory, NeedStatus, Urgency } from "../entities/resource-need";
import { EXPORT_COST } from "../exports";
import { MAX_SPAN_DAYS } from "../exports/three-w-export";
import { HSDS_PROFILE, HSDS_VERSION } from "../hsds/hsds-routes";
import { HTTP_STATUS } from "../services/errors";

// OpenAPI 3.1 of the plain-HTTP routes beside /graphql. Enumerations come from the code, so the document
// cannot drift from what the routes accept; tests/openapi.test.ts checks real answers against it.

const refusal = (ref: string) => ({ $ref: `#/components/responses/${ref}` });
const timeFormat = "A calendar date (2026-07-01) or a time with its offset (2026-07-01T08:00:00+08:00).";

const query = (name: string, description: string, schema: object, required = false) => ({ name, in: "query", required, description, schema });
const commaList = (name: string, values: string[], what: string) =>
  query(name, `${what}, comma-separated.`, { type: "string", pattern: `^(${values.join("|")})(,\\s*(${values.join("|")}))*$` });
const areaCode = query("areaCode", "Only this area and the areas inside it (an area code such as 510107015).", { type: "string" });
const hxl = query("hxl", "1 adds the HXL hashtag row under the header.", { type: "string", enum: ["0", "1"] });
const page = query("page", "Page number, from 1.", { type: "integer", minimum: 1 });
const perPage = query("per_page", `Items per page (20 unless given).`, { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE });
const search = query("search", "Words in the name or description; Simplified and Traditional Chinese match each other.", { type: "string" });
const uuidPath = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } });

const csv = (description: string) => ({
  description,
  headers: { "content-disposition": { description: "attachment; filename=…", schema: { type: "string" } } },
  content: { "text/csv": { schema: { type: "string" } } },
});
const hsdsJson = (description: string) => ({
  description: `${description} Each document validates against Open Referral's HSDS ${HSDS_VERSION} schemas (${HSDS_PROFILE}).`,
  content: { "application/json": { schema: { $ref: "#/components/schemas/HsdsDocument" } } },
});
const hsdsPage = (description: string) => ({
  description: `${description} HSDS's paginated answer.`,
  content: { "application/json": { schema: { $ref: "#/components/schemas/HsdsPage" } } },
});

const hsdsListParameters = [page, perPage, search, query("organization_id", "Only this organisation's services.", { type: "string", format: "uuid" })];
const hsdsOperation = (operationId: string, summary: string, parameters: object[], answer: object, byId = false) => ({
  get: {
    tags: ["hsds"],
    summary,
    operationId,
    parameters,
    responses: { "200": answer, "400": refusal("BadRequest"), ...(byId ? { "404": refusal("NotFound") } : {}), "429": refusal("RateLimited"), "503": refusal("ServiceUnavailable") },
  },
});

export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: {
    title: "Cogov plain-HTTP routes",
    version: "0.1.0",
    summary: "Health, metrics, CAP alerts, CSV exports and the Open Referral HSDS API, beside the GraphQL API at /graphql.",
    license: { name: "Apache-2.0", identifier: "Apache-2.0" },
  },
  servers: [{ url: "/" }],
  security: [{}, { bearer: [] }],
  tags: [
    { name: "operations", description: "For load balancers and monitoring." },
    { name: "alerts", description: "Public emergency alerts in OASIS CAP 1.2." },
    { name: "exports", description: `CSV files of what the caller may read; each spends ${EXPORT_COST} points of the caller's budget.` },
    { name: "hsds", description: `The service directory's public services as the Open Referral HSDS ${HSDS_VERSION} API.` },
  ],
  paths: {
    "/healthz": {
      get: {
        tags: ["operations"],
        summary: "Liveness: the process answers.",
        operationId: "health",
        security: [{}],
        responses: { "200": { description: "Alive.", content: { "application/json": { schema: { type: "object", required: ["status"], properties: { status: { const: "ok" } }, additionalProperties: false } } } } },
      },
    },
    "/readyz": {
      get: {
        tags: ["operations"],
        summary: "Readiness: whether a load balancer should send this instance requests, and which dependency is down.",
        operationId: "readiness",
        security: [{}],
        responses: {
          "200": { description: "Ready.", content: { "application/json": { schema: { $ref: "#/components/schemas/Readiness" } } } },
          "503": { description: "Not ready: the database is unreachable or not migrated, or the instance is draining.", content: { "application/json": { schema: { $ref: "#/components/schemas/Readiness" } } } },
        },
      },
    },
    "/metrics": {
      get: {
        tags: ["operations"],
        summary: "Prometheus metrics of this instance.",
        description: "Open when COGOV_METRICS_PUBLIC is set; with COGOV_METRICS_TOKEN, only to `Authorization: Bearer <that token>`; closed otherwise.",
        operationId: "metrics",
        responses: {
          "200": { description: "The Prometheus text exposition format.", content: { "text/plain": { schema: { type: "string" } } } },
          "401": refusal("Unauthenticated"),
          "403": refusal("Forbidden"),
        },
      },
    },
    "/openapi.json": {
      get: {
        tags: ["operations"],
        summary: "This document.",
        operationId: "openapi",
        security: [{}],
        responses: { "200": { description: "OpenAPI 3.1.", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
    "/cap/alerts/{identifier}.xml": {
      get: {
        tags: ["alerts"],
        summary: "One public alert as a CAP 1.2 document.",
        operationId: "capAlert",
        security: [{}],
        parameters: [{ name: "identifier", in: "path", required: true, description: "The alert's CAP identifier.", schema: { type: "string" } }],
        responses: {
          "200": { description: "The CAP 1.2 alert (OASIS schema).", content: { "application/cap+xml": { schema: { type: "string" } } } },
          "400": refusal("BadRequest"),
          "404": refusal("NotFound"),
          "503": refusal("ServiceUnavailable"),
        },
      },
    },
    "/cap/feed.atom": {
      get: {
        tags: ["alerts"],
        summary: "The current public alerts as an Atom feed linking to their CAP documents.",
        operationId: "capFeed",
        security: [{}],
        responses: { "200": { description: "Atom 1.0.", content: { "application/atom+xml": { schema: { type: "string" } } } }, "503": refusal("ServiceUnavailable") },
      },
    },
    "/exports/needs.csv": {
      get: {
        tags: ["exports"],
        summary: "The needs the GraphQL `needs` query lists to the caller with the same filter, oldest first.",
        operationId: "needsCsv",
        parameters: [
          areaCode,
          commaList("categories", Object.values(NeedCategory), "Need categories"),
          query("urgencyAtLeast", "Only needs at least this urgent.", { type: "string", enum: Object.values(Urgency) }),
          commaList("statuses", Object.values(NeedStatus), "Need statuses"),
          query("projectId", "Only this project's needs (its global id).", { type: "string" }),
          query("neededBefore", `Only needs needed before this time. ${timeFormat}`, { type: "string" }),
          query("from", `Posted at or after. ${timeFormat}`, { type: "string" }),
          query("to", `Posted before. ${timeFormat}`, { type: "string" }),
          hxl,
        ],
        responses: { "200": csv("One row per need."), "400": refusal("BadRequest"), "401": refusal("Unauthenticated"), "429": refusal("RateLimited"), "503": refusal("ServiceUnavailable") },
      },
    },
    "/exports/3w.csv": {
      get: {
        tags: ["exports"],
        summary: "Who does what where: pledges to the needs the caller may see, summed per organisation × category × area × period × status × unit.",
        operationId: "threeWCsv",
        parameters: [
          areaCode,
          query("from", `Pledged at or after (required). ${timeFormat}`, { type: "string" }, true),
          query("to", `Pledged before (required; at most ${MAX_SPAN_DAYS} days after from). ${timeFormat}`, { type: "string" }, true),
          query("period", "The length of each row's period (month unless given).", { type: "string", enum: ["day", "week", "month"] }),
          commaList("categories", Object.values(NeedCategory), "Need categories"),
          commaList("statuses", Object.values(PledgeStatus), "Pledge statuses"),
          hxl,
        ],
        responses: { "200": csv("One row per group."), "400": refusal("BadRequest"), "401": refusal("Unauthenticated"), "429": refusal("RateLimited"), "503": refusal("ServiceUnavailable") },
      },
    },
    "/exports/volunteer-hours.csv": {
      get: {
        tags: ["exports"],
        summary: "Every verified participation in an organisation's activities, by shift start, with real names and phones masked row by row as the privacy table says for the caller. The organisation's own members, keys and webhooks only.",
        operationId: "volunteerHoursCsv",
        parameters: [
          query("organizationId", "The organiser (its global id; required).", { type: "string" }, true),
          query("from", `Shifts starting at or after. ${timeFormat}`, { type: "string" }),
          query("to", `Shifts starting before. ${timeFormat}`, { type: "string" }),
          query("areaCode", "Only activities in this area and the areas inside it.", { type: "string" }),
          hxl,
        ],
        responses: {
          "200": csv("One row per verified participation."),
          "400": refusal("BadRequest"),
          "401": refusal("Unauthenticated"),
          "403": refusal("Forbidden"),
          "429": refusal("RateLimited"),
          "503": refusal("ServiceUnavailable"),
        },
      },
    },
    "/hsds/": {
      get: {
        tags: ["hsds"],
        summary: "The HSDS version and profile this API serves.",
        operationId: "hsdsRoot",
        responses: {
          "200": {
            description: "Version and profile.",
            content: { "application/json": { schema: { type: "object", required: ["version", "profile"], properties: { version: { const: HSDS_VERSION }, profile: { const: HSDS_PROFILE } } } } },
          },
          "400": refusal("BadRequest"),
          "429": refusal("RateLimited"),
        },
      },
    },
    "/hsds/services": hsdsOperation("hsdsServices", "Public services, a page at a time.", hsdsListParameters, hsdsPage("Services without their nested lists.")),
    "/hsds/services/{id}": hsdsOperation("hsdsService", "One public service with its locations, schedules, contacts and languages.", [uuidPath("id")], hsdsJson("The service."), true),
    "/hsds/organizations": hsdsOperation("hsdsOrganizations", "Organisations, a page at a time.", [page, perPage, search], hsdsPage("Organisations.")),
    "/hsds/organizations/{id}": hsdsOperation("hsdsOrganization", "One organisation with its public services.", [uuidPath("id")], hsdsJson("The organisation."), true),
    "/hsds/service_at_locations": hsdsOperation("hsdsServiceAtLocations", "Each public service at each of its locations, a page at a time.", hsdsListParameters, hsdsPage("Services at locations.")),
  },
  components: {
    securitySchemes: {
      bearer: { type: "http", scheme: "bearer", description: "A signed-in user's token (signIn) or an organisation's API key. Without one, the caller is anonymous." },
    },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string", enum: Object.keys(HTTP_STATUS) },
              message: { type: "string", description: "In the caller's language (Accept-Language); branch on `code`, never on `message`." },
              retryAfterSeconds: { type: "number", description: "With RATE_LIMITED and SERVICE_UNAVAILABLE: when to try again." },
            },
          },
        },
      },
      Readiness: {
        type: "object",
        required: ["status", "database", "eventStream"],
        properties: {
          status: { enum: ["ready", "unavailable", "draining"] },
          database: { enum: ["ok", "unreachable", "not migrated"] },
          eventStream: { enum: ["listening", "reconnecting"], description: "The LISTEN connection; while it reconnects, events still arrive by timer." },
        },
        additionalProperties: false,
      },
      HsdsDocument: { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } },
      HsdsPage: {
        type: "object",
        required: ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
        properties: {
          total_items: { type: "integer", minimum: 0 },
          total_pages: { type: "integer", minimum: 0 },
          page_number: { type: "integer", minimum: 1 },
          size: { type: "integer", minimum: 0 },
          first_page: { type: "boolean" },
          last_page: { type: "boolean" },
          empty: { type: "boolean" },
          contents: { type: "array", items: { $ref: "#/components/schemas/HsdsDocument" } },
        },
      },
    },
    responses: {
      BadRequest: { description: "A parameter is missing, unknown, repeated or malformed; the message names it.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      Unauthenticated: {
        description: "The token or key is not valid (or metrics need their token).",
        headers: { "www-authenticate": { schema: { type: "string" } } },
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      Forbidden: { description: "Not open to this caller.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      NotFound: { description: "Nothing public has this identifier.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      RateLimited: {
        description: "The caller's points budget is spent, or too many exports run at once.",
        headers: { "retry-after": { description: "Seconds to wait.", schema: { type: "integer" } } },
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      ServiceUnavailable: {
        description: "The database cannot be reached for a moment.",
        headers: { "retry-after": { description: "Seconds to wait.", schema: { type: "integer" } } },
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
  },
};
