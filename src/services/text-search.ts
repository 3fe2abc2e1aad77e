import { Brackets } from "typeorm";
import { t } from "../i18n/text";
import { DomainError } from "./errors";

export const MAX_SEARCH_LENGTH = 100;

/**
 * Finds `search` anywhere in `document` (an SQL expression), ignoring case. The bigram test lets
 * the GIN index on `cogov_bigrams(document)` narrow the rows; ILIKE then checks the exact substring.
 */
export function containsText(document: string, search: string): Brackets {
  const text = search.trim();
  if (text.length === 0) throw new DomainError("BAD_USER_INPUT", t("search.empty"));
  // PostgreSQL text cannot hold U+0000, so no document contains it, and the query could not even be sent.
  if (text.includes("\u0000")) throw new DomainError("BAD_USER_INPUT", t("search.nulCharacter"));
  if ([...text].length > MAX_SEARCH_LENGTH) {
    throw new DomainError("BAD_USER_INPUT", t("search.tooLong", { max: MAX_SEARCH_LENGTH }));
  }
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return new Brackets((where) =>
    where
      .where(`cogov_bigrams(${document}) @> cogov_bigrams(:searchText)`, { searchText: text })
      .andWhere(`${document} ILIKE :searchPattern`, { searchPattern: pattern }),
  );
}
