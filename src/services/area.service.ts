import { DataSource } from "typeorm";
import { KeysetPager, Page, PageArgs, Sort } from "../db/keyset-page";
import { Area, AreaLevel } from "../entities/area";
import { t } from "../i18n/text";
import { DomainError } from "./errors";

export const AREA_ORDER: Sort = { name: "CODE", property: "code", kind: "text", direction: "ASC" };

export interface AreaFilter {
  /** Direct children of this area. */
  parentCode?: string | null;
  /** This area and every area below it. */
  within?: string | null;
  levels?: AreaLevel[] | null;
}

export class AreaService {
  private readonly pager: KeysetPager<Area>;

  constructor(private readonly dataSource: DataSource) {
    this.pager = new KeysetPager(dataSource.getRepository(Area));
  }

  async list(filter: AreaFilter, args: PageArgs): Promise<Page<Area>> {
    const query = this.dataSource.getRepository(Area).createQueryBuilder("area");
    if (filter.parentCode != null) {
      await this.require(filter.parentCode, "filter.parentCode");
      query.andWhere(`"area"."parent_code" = :parentCode`, { parentCode: filter.parentCode });
    }
    if (filter.within != null) {
      await this.require(filter.within, "filter.within");
      query.andWhere(`"area"."code" LIKE :within`, { within: `${filter.within}%` });
    }
    if (filter.levels?.length) query.andWhere(`"area"."level" IN (:...levels)`, { levels: filter.levels });
    return this.pager.page(query, AREA_ORDER, args);
  }

  /** The area with `code`; a coded error naming `argument` when there is none. */
  async require(code: string, argument: string): Promise<Area> {
    const area = /^[0-9A-Za-z]{1,32}$/.test(code) ? await this.dataSource.getRepository(Area).findOneBy({ code }) : null;
    if (!area) throw new DomainError("BAD_USER_INPUT", t("area.unknownCodeIn", { argument, code }));
    return area;
  }
}

/**
 * Whether two areas overlap: one contains the other. Codes are hierarchical prefixes, so an area
 * contains another when its code starts the other's.
 */
export function areasOverlap(code: string, other: string): boolean {
  return code.startsWith(other) || other.startsWith(code);
}

/** `areasOverlap` in SQL, for a column or expression and a bound code parameter. */
export const areasOverlapSql = (codeSql: string, otherSql: string): string => `(starts_with(${codeSql}, ${otherSql}) OR starts_with(${otherSql}, ${codeSql}))`;
