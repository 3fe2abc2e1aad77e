import { create } from "xmlbuilder2";
import { Alert, AlertCategory } from "../entities/alert";

export const CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";

/** CAP writes its codes as words: ACTUAL → Actual, CBRNE stays CBRNE, MET → Met. */
const CAP_CATEGORY: Record<AlertCategory, string> = {
  GEO: "Geo", MET: "Met", SAFETY: "Safety", SECURITY: "Security", RESCUE: "Rescue", FIRE: "Fire",
  HEALTH: "Health", ENV: "Env", TRANSPORT: "Transport", INFRA: "Infra", CBRNE: "CBRNE", OTHER: "Other",
};
const word = (code: string) => code.charAt(0) + code.slice(1).toLowerCase();

/**
 * Text as the writer must be given it: xmlbuilder2 leaves `&name;` unescaped, taking it for an entity
 * reference, so `R&D;` or `&nbsp;` would come out undefined entities; given `&amp;`, it writes that.
 */
const literal = (value: string) => value.replace(/&/g, "&amp;");

/** Input refuses characters XML forbids; any in text stored before that rule are written as U+FFFD. */
const newDocument = () => create({ version: "1.0", encoding: "UTF-8", invalidCharReplacement: "\uFFFD" });

/** CAP dateTime: seconds, and an explicit offset; CAP 1.2 §3.3.2 writes UTC as "-00:00", never "Z" or "+00:00". */
export function capDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "-00:00");
}

export interface CapSender {
  /** The issuing organisation's slug: CAP senders have no spaces. */
  slug: string;
  name: string;
}

/** The alert as a CAP 1.2 document; `referenced` is the message an Update or Cancel replaces. */
export function capXml(alert: Alert, sender: CapSender, referenced: { alert: Alert; sender: CapSender } | null): string {
  const document = newDocument().ele(CAP_NAMESPACE, "alert");
  document.ele("identifier").txt(alert.identifier);
  document.ele("sender").txt(senderOf(sender));
  document.ele("sent").txt(capDateTime(alert.sent));
  document.ele("status").txt(word(alert.status));
  document.ele("msgType").txt(word(alert.msgType));
  document.ele("scope").txt(word(alert.scope));
  if (alert.restriction) document.ele("restriction").txt(literal(alert.restriction));
  if (referenced) document.ele("references").txt(`${senderOf(referenced.sender)},${referenced.alert.identifier},${capDateTime(referenced.alert.sent)}`);

  const info = document.ele("info");
  info.ele("language").txt("zh-Hant");
  for (const category of alert.categories) info.ele("category").txt(CAP_CATEGORY[category]);
  info.ele("event").txt(literal(alert.event));
  info.ele("urgency").txt(word(alert.urgency));
  info.ele("severity").txt(word(alert.severity));
  info.ele("certainty").txt(word(alert.certainty));
  if (alert.effective) info.ele("effective").txt(capDateTime(alert.effective));
  if (alert.onset) info.ele("onset").txt(capDateTime(alert.onset));
  if (alert.expires) info.ele("expires").txt(capDateTime(alert.expires));
  info.ele("senderName").txt(literal(sender.name));
  if (alert.headline) info.ele("headline").txt(literal(alert.headline));
  if (alert.description) info.ele("description").txt(literal(alert.description));
  if (alert.instruction) info.ele("instruction").txt(literal(alert.instruction));
  for (const area of alert.areas) {
    const element = info.ele("area");
    element.ele("areaDesc").txt(literal(area.description));
    if (area.polygon) element.ele("polygon").txt(area.polygon.map(([lat, lng]) => `${lat},${lng}`).join(" "));
    if (area.circle) element.ele("circle").txt(`${area.circle.lat},${area.circle.lng} ${area.circle.radiusKm}`);
    for (const code of area.areaCodes) {
      const geocode = element.ele("geocode");
      geocode.ele("valueName").txt("CN-ADMIN");
      geocode.ele("value").txt(code);
    }
  }
  return document.end({ prettyPrint: true });
}

function senderOf(sender: CapSender): string {
  return `${sender.slug}@cogov`;
}

export interface FeedEntry {
  alert: Alert;
  sender: CapSender;
  url: string;
}

/** An Atom feed of alerts, each entry linking to its CAP document. */
export function atomFeed(feedUrl: string, entries: FeedEntry[], updated: Date): string {
  const feed = newDocument().ele("http://www.w3.org/2005/Atom", "feed");
  feed.ele("id").txt(literal(feedUrl));
  feed.ele("title").txt("Cogov 公開預警");
  feed.ele("updated").txt(updated.toISOString());
  feed.ele("link", { rel: "self", href: literal(feedUrl) });
  for (const { alert, sender, url } of entries) {
    const entry = feed.ele("entry");
    entry.ele("id").txt(`urn:cogov:alert:${alert.identifier}`);
    entry.ele("title").txt(literal(alert.headline ?? alert.event));
    entry.ele("updated").txt(alert.sent.toISOString());
    entry.ele("author").ele("name").txt(literal(sender.name));
    entry.ele("link", { rel: "alternate", type: "application/cap+xml", href: literal(url) });
    if (alert.description) entry.ele("summary").txt(literal(alert.description));
  }
  return feed.end({ prettyPrint: true });
}
