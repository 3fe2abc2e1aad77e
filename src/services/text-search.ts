import { Brackets } from "typeorm";
import { DomainError } from "./errors";

export const MAX_SEARCH_LENGTH = 100;

/**
 * Finds `search` anywhere in `document` (an SQL expression), ignoring case. The bigram test lets
 * the GIN index on `cogov_bigrams(document)` narrow the rows; ILIKE then checks the exact substring.
 */
export function containsText(document: string, search: string): Brackets {
  const text = search.trim();
  if (text.length === 0) throw new DomainError("BAD_USER_INPUT", "search is empty; give at least one character or leave it out.");
  if ([...text].length > MAX_SEARCH_LENGTH) {
    throw new DomainError("BAD_USER_INPUT", `search is longer than ${MAX_SEARCH_LENGTH} characters; shorten it.`);
  }
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return new Brackets((where) =>
    where
      .where(`cogov_bigrams(${document}) @> cogov_bigrams(:searchText)`, { searchText: text })
      .andWhere(`${document} ILIKE :searchPattern`, { searchPattern: pattern }),
  );
}
