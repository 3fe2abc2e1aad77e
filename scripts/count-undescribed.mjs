// Counts what schema.graphql leaves undescribed, by kind: `node scripts/count-undescribed.mjs [file] [--list]`.
import { readFileSync } from "node:fs";
import { Kind, parse } from "graphql";

const file = process.argv.slice(2).find((arg) => !arg.startsWith("--")) ?? "schema.graphql";
const document = parse(readFileSync(file, "utf8"));
const OPERATIONS = new Set(["Query", "Mutation", "Subscription"]);
const counts = {};
const missing = [];
function count(kind, name, node) {
  counts[kind] ??= { total: 0, undescribed: 0 };
  counts[kind].total += 1;
  if (!node.description?.value.trim()) {
    counts[kind].undescribed += 1;
    missing.push(`${kind} ${name}`);
  }
}

for (const definition of document.definitions) {
  if (!definition.name) continue;
  const type = definition.name.value;
  if (definition.kind.endsWith("Extension")) continue;
  if (!OPERATIONS.has(type)) count("type", type, definition);
  for (const field of definition.fields ?? []) {
    const kind = OPERATIONS.has(type) ? type.toLowerCase() : definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ? "input field" : "field";
    count(kind, `${type}.${field.name.value}`, field);
    for (const argument of field.arguments ?? []) count("argument", `${type}.${field.name.value}(${argument.name.value})`, argument);
  }
  for (const value of definition.values ?? []) count("enum value", `${type}.${value.name.value}`, value);
}

for (const [kind, { total, undescribed }] of Object.entries(counts)) console.log(`${kind.padEnd(12)} ${String(undescribed).padStart(5)} of ${total} undescribed`);
if (process.argv.includes("--list")) console.log(missing.join("\n"));
