import { Converter } from "opencc-js/t2cn";

/** The code points of CJK ideographs: Extension A, the Unified block, Compatibility Ideographs, Extensions B to H. */
const IDEOGRAPHS: [number, number][] = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
  [0x20000, 0x323af],
];

/**
 * The Simplified character each Traditional (or variant) character folds to, as OpenCC converts it
 * on its own: searches fold both the document and the query with it, so 社区 finds 社區 and the
 * reverse. One character at a time, because a phrase-level conversion could turn a substring into
 * something other than what it is inside the whole text. Hong Kong and Taiwan variants (衞, 枱) are
 * added unless the variant is itself a Simplified character (么, 著), which must stay as written.
 */
export function simplifiedFolds(): Map<string, string> {
  const standard = characterMap(Converter({ from: "t", to: "cn" }));
  const simplified = new Set(standard.values());
  const folds = new Map(standard);
  for (const region of ["hk", "tw"]) {
    for (const [variant, target] of characterMap(Converter({ from: region, to: "cn" }))) {
      if (!standard.has(variant) && !simplified.has(variant) && !folds.has(variant)) folds.set(variant, target);
    }
  }
  // Folding once must be enough (薴 → 苧 → 苎): follow each chain to its end.
  for (const [from, to] of folds) {
    let end = to;
    for (let seen = 0; folds.has(end) && seen < 8; seen++) end = folds.get(end)!;
    folds.set(from, end);
  }
  return folds;
}

function characterMap(convert: (text: string) => string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [first, last] of IDEOGRAPHS) {
    for (let point = first; point <= last; point++) {
      const character = String.fromCodePoint(point);
      const converted = convert(character);
      if (converted !== character && [...converted].length === 1) map.set(character, converted);
    }
  }
  return map;
}

/**
 * `cogov_fold_script(text)`: the text with every character of `folds` replaced, as an IMMUTABLE function
 * so that generated columns and indexes can use it; a jsonb lookup per character, where translate() with
 * four thousand pairs took 2.7 ms for 100 characters. In plpgsql, whose plan (with the table parsed into
 * it) a connection keeps: a SQL function is planned again for every statement that calls it, parsing the
 * 34 KB table each time, about 2 ms of the database's CPU for each need posted or renamed and each search.
 * The first migration made it in SQL, so `language` remains to make it so again when that is undone.
 */
export function foldFunctionSql(folds: Map<string, string>, language: "sql" | "plpgsql"): string {
  const table = JSON.stringify(Object.fromEntries(folds)).replaceAll("'", "''");
  const folded = `SELECT coalesce(string_agg(coalesce('${table}'::jsonb ->> piece, piece), '' ORDER BY place), '')
      FROM unnest(string_to_array(document, NULL)) WITH ORDINALITY AS pieces(piece, place)`;
  return `
    CREATE OR REPLACE FUNCTION cogov_fold_script(document text) RETURNS text
    LANGUAGE ${language} IMMUTABLE STRICT PARALLEL SAFE AS $fold$
      ${language === "sql" ? folded : `BEGIN RETURN (${folded}); END`}
    $fold$`;
}
