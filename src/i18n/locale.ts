/** The languages messages are written in. */
export type Locale = "en" | "zh-Hant" | "zh-Hans";

export const LOCALES: readonly Locale[] = ["en", "zh-Hant", "zh-Hans"];

/** Regions that write Chinese in traditional characters when a tag names no script. */
const TRADITIONAL_REGIONS = ["tw", "hk", "mo"];

/** The locale a BCP 47 tag asks for, or undefined when it is a language we do not write. */
function supportedLocale(tag: string): Locale | undefined {
  const [language, ...rest] = tag.trim().toLowerCase().split("-");
  if (language === "en") return "en";
  if (language !== "zh") return undefined;
  // A script subtag says it outright; otherwise the region decides (zh-TW, zh-HK, zh-MO), and plain zh is simplified.
  if (rest.includes("hant")) return "zh-Hant";
  if (rest.includes("hans")) return "zh-Hans";
  return rest.some((subtag) => TRADITIONAL_REGIONS.includes(subtag)) ? "zh-Hant" : "zh-Hans";
}

/** The locale of a BCP 47 tag such as `zh-TW` or `zh-Hant`; English for anything else. */
export function localeFromTag(tag: string | undefined): Locale {
  return (tag && supportedLocale(tag)) || "en";
}

/** The locale an Accept-Language header prefers most among those we write; English when it names none. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const ranges = (header ?? "").split(",").map((range) => {
    const [tag, ...parameters] = range.split(";");
    const q = parameters.map((parameter) => parameter.trim()).find((parameter) => parameter.startsWith("q="));
    return { tag, weight: q === undefined ? 1 : Number(q.slice(2)) };
  });
  // Stable sort: equal weights keep the header's order.
  const preferred = ranges.filter((range) => range.weight > 0).sort((a, b) => b.weight - a.weight);
  for (const { tag } of preferred) {
    const locale = supportedLocale(tag);
    if (locale) return locale;
  }
  return "en";
}
