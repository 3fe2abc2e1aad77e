import express, { Request, Response, Router } from "express";
import type { DataSource } from "typeorm";
import type { Authenticator } from "../auth/authenticator";
import { type BudgetCharge, budgetSpent } from "../auth/rate-limit";
import type { Viewer } from "../auth/viewer";
import { UUID_KEY } from "../db/row-key";
import { MAX_PAGE_SIZE } from "../db/keyset-page";
import { sendHttpError } from "../http-errors";
import { localeFromAcceptLanguage } from "../i18n/locale";
import { t } from "../i18n/text";
import { createLoaders } from "../loaders";
import type { Logger } from "../logger";
import type { Services } from "../services";
import type { NumberedPage, ServiceFilter } from "../services/community/service-directory.service";
import { DomainError } from "../services/errors";
import { offeringSummary, organizationDocument, serviceDocument, serviceSummary } from "./hsds-documents";

export const HSDS_VERSION = "3.0";
export const HSDS_PROFILE = "https://docs.openreferral.org/en/3.0/";
const DEFAULT_PER_PAGE = 20;
// Far beyond any directory's size; keeps OFFSET bounded.
const MAX_PAGE_NUMBER = 100_000;

export interface HsdsDependencies {
  dataSource: DataSource;
  authenticator: Authenticator;
  services: Pick<Services, "directory">;
  log: Logger;
  /** Spends points of the caller's budget, the one GraphQL requests spend too. */
  charge(viewer: Viewer, client: string, points: number): Promise<BudgetCharge>;
}

/** Points a request spends, as GraphQL prices objects: one for the request and one for each item a page may hold. */
const listCost = (query: Query) => 1 + pageOf(query).size;
const DOCUMENT_COST = 2;

type Query = Record<string, unknown>;

/** One query parameter as a single string, or undefined; repeated parameters (a=1&a=2) and nested ones are refused. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new DomainError("BAD_USER_INPUT", t("hsds.repeated", { name }));
  return value;
}

function refuseUnknown(query: Query, known: string[]): void {
  const unknown = Object.keys(query).find((name) => !known.includes(name));
  if (unknown !== undefined) throw new DomainError("BAD_USER_INPUT", t("hsds.unknownParameter", { name: unknown.slice(0, 40), known: known.join(", ") }));
}

function wholeNumber(query: Query, name: string, fallback: number, max: number): number {
  const value = single(query, name);
  if (value === undefined) return fallback;
  const number = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(number >= 1 && number <= max)) throw new DomainError("BAD_USER_INPUT", t("hsds.badParameter", { name, expected: t("hsds.positiveInteger", { max }), value: value.slice(0, 40) }));
  return number;
}

/** A uuid parameter, in lower case as the database writes it. */
function uuid(name: string, given: string | undefined): string | undefined {
  const value = given?.toLowerCase();
  if (value !== undefined && !UUID_KEY.test(value)) throw new DomainError("BAD_USER_INPUT", t("hsds.badParameter", { name, expected: t("hsds.uuid"), value: value.slice(0, 40) }));
  return value;
}

function pageOf(query: Query): NumberedPage {
  return { number: wholeNumber(query, "page", 1, MAX_PAGE_NUMBER), size: wholeNumber(query, "per_page", DEFAULT_PER_PAGE, MAX_PAGE_SIZE) };
}

/** HSDS's paginated answer: the page's items in `contents`, with its place among all pages. */
function paginated(page: NumberedPage, total: number, contents: unknown[]) {
  const totalPages = Math.ceil(total / page.size);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page.number,
    size: contents.length,
    first_page: page.number === 1,
    last_page: page.number >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

export const HSDS_LIST_PARAMETERS = ["page", "per_page", "search", "organization_id"];

function serviceFilterOf(query: Query): ServiceFilter {
  return { search: single(query, "search") ?? null, organizationId: uuid("organization_id", single(query, "organization_id")) ?? null };
}

/**
 * The Open Referral HSDS 3.0 API over the directory's public services (ACTIVE, not retired), read-only and open
 * to anyone; mount it at /hsds. Bad parameters answer 400 with `{ error: { code, message } }`, like every REST route.
 */
export function hsdsRoutes({ dataSource, authenticator, services, log, charge }: HsdsDependencies): Router {
  const router = express.Router();
  const { directory } = services;

  const serve =
    (answer: (request: Request, loaders: ReturnType<typeof createLoaders>) => Promise<unknown>, costOf: (query: Query) => number = () => DOCUMENT_COST) =>
    async (request: Request, response: Response): Promise<void> => {
      try {
        const viewer = await authenticator.authenticate(request.headers.authorization);
        const charged = await charge(viewer, request.ip ?? "unknown", costOf(request.query));
        if (!charged.allowed) throw budgetSpent(charged, "hsds.budgetSpent");
        const body = await answer(request, createLoaders(dataSource));
        response.json(body);
      } catch (error) {
        sendHttpError(response, error, localeFromAcceptLanguage(request.get("accept-language")), log);
      }
    };

  router.get(
    "/",
    serve(async (request) => {
      refuseUnknown(request.query, []);
      return { version: HSDS_VERSION, profile: HSDS_PROFILE };
    }),
  );

  router.get(
    "/services",
    serve(async (request, loaders) => {
      refuseUnknown(request.query, HSDS_LIST_PARAMETERS);
      const page = pageOf(request.query);
      const { total, services: found } = await directory.publicServices(serviceFilterOf(request.query), page);
      return paginated(page, total, await Promise.all(found.map((service) => serviceSummary(service, loaders))));
    }, listCost),
  );

  router.get(
    "/services/:id",
    serve(async (request, loaders) => {
      refuseUnknown(request.query, []);
      const id = uuid("id", String(request.params.id))!;
      const service = await directory.publicService(loaders, id);
      if (!service) throw new DomainError("NOT_FOUND", t("hsds.serviceNotFound"));
      return serviceDocument(service, loaders, new Date());
    }),
  );

  router.get(
    "/organizations",
    serve(async (request) => {
      refuseUnknown(request.query, ["page", "per_page", "search"]);
      const page = pageOf(request.query);
      const { total, organizations } = await directory.organizations(single(request.query, "search") ?? null, page);
      return paginated(page, total, organizations.map(organizationDocument));
    }, listCost),
  );

  router.get(
    "/organizations/:id",
    serve(async (request, loaders) => {
      refuseUnknown(request.query, []);
      const id = uuid("id", String(request.params.id))!;
      const organization = await loaders.organization.load(id);
      if (!organization) throw new DomainError("NOT_FOUND", t("hsds.organizationNotFound"));
      // Its public services, as HSDS's organisation answer nests them (one-to-one fields only).
      const { services: offered } = await directory.publicServices({ organizationId: id }, { number: 1, size: MAX_PAGE_SIZE });
      return { ...organizationDocument(organization), services: await Promise.all(offered.map((service) => serviceSummary(service, loaders))) };
    }, () => 1 + MAX_PAGE_SIZE),
  );

  router.get(
    "/service_at_locations",
    serve(async (request, loaders) => {
      refuseUnknown(request.query, HSDS_LIST_PARAMETERS);
      const page = pageOf(request.query);
      const { total, offerings } = await directory.publicOfferings(serviceFilterOf(request.query), page);
      return paginated(page, total, await Promise.all(offerings.map((offering) => offeringSummary(offering, loaders))));
    }, listCost),
  );
  return router;
}
