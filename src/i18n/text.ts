import type { Locale } from "./locale";
import { MESSAGES, MessageKey, OR } from "./messages";

/** The names between braces in a template: "{field} is required." → "field". */
type Placeholders<Template extends string> = Template extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** A value in a message: shown as it is, a list joined with "or", or a message of its own in the same language. */
export type Param = string | number | readonly string[] | Text;

/** The values a message needs, one per placeholder of its English template. */
export type MessageParams<K extends MessageKey> = { [Name in Placeholders<(typeof MESSAGES)[K]["en"]>]: Param };

/** A message from the catalogue with its values, rendered in the language of whoever reads it. */
export class Text {
  constructor(
    readonly key: MessageKey,
    readonly params: Readonly<Record<string, Param>> = {},
  ) {}

  render(locale: Locale): string {
    return MESSAGES[this.key][locale].replace(/\{(\w+)\}/g, (_, name: string) => show(this.params[name], locale));
  }
}

/** The message `key` with the values its placeholders need (none for a message without placeholders). */
export function t<K extends MessageKey>(key: K, ...params: keyof MessageParams<K> extends never ? [] : [MessageParams<K>]): Text {
  return new Text(key, params[0]);
}

function show(value: Param, locale: Locale): string {
  if (value instanceof Text) return value.render(locale);
  if (Array.isArray(value)) return value.join(OR[locale]);
  return String(value);
}
