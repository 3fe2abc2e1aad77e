import { Brackets } from "typeorm";
import { t } from "../i18n/text";
import { DomainError } from "./errors";

export const MAX_SEARCH_LENGTH = 100;

/**
 * Finds `search` anywhere in `foldedDocument` (a `search_text` column, folded to Simplified Chinese by
 * `cogov_fold_script`), ignoring case and script: the query is folded the same way in the same
 * statement, so 社区 finds 社區, 社區 finds 社区, and mixed text either. The bigram test lets the GIN
 * index on `cogov_bigrams(search_text)` narrow the rows; ILIKE then checks the exact substring.
 */
export function containsText(foldedDocument: string, search: string): Brackets {
  const text = search.trim();
  if (text.length === 0) throw new DomainError("BAD_USER_INPUT", t("search.empty"));
  // PostgreSQL text cannot hold U+0000, so no document contains it, and the query could not even be sent.
  if (text.includes("\u0000")) throw new DomainError("BAD_USER_INPUT", t("search.nulCharacter"));
  if ([...text].length > MAX_SEARCH_LENGTH) {
    throw new DomainError("BAD_USER_INPUT", t("search.tooLong", { max: MAX_SEARCH_LENGTH }));
  }
  // Folding leaves the pattern's backslashes, % and _ alone: it only replaces ideographs.
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return new Brackets((where) =>
    where
      .where(`cogov_bigrams(${foldedDocument}) @> cogov_bigrams(cogov_fold_script(:searchText))`, { searchText: text })
      .andWhere(`${foldedDocument} ILIKE cogov_fold_script(:searchPattern)`, { searchPattern: pattern }),
  );
}
