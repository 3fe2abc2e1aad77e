import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { KeysetPager, Page, PageArgs } from "../db/keyset-page";
import { Area } from "../entities/area";
import { AREA_ORDER } from "../services/area.service";
import { countLoader, loaderByKey, perArguments } from "./loader-by-key";

export function areaLoaders(dataSource: DataSource) {
  const pager = new KeysetPager(dataSource.getRepository(Area));
  const childCount = countLoader(dataSource, "area", "parent_code");
  return {
    area: loaderByKey(dataSource, Area, "id"),
    areaByCode: loaderByKey(dataSource, Area, "code"),
    /** A page of each area's sub-areas (keyed by code), all areas in one statement. */
    areaChildren: perArguments(
      (page: PageArgs) =>
        new DataLoader<string, Page<Area>>((codes) =>
          pager.pagesByParent("parentCode", codes, AREA_ORDER, page, (code) => childCount.load(code)),
        ),
    ),
  };
}
