import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { findBreakingChanges, findDangerousChanges, GraphQLSchema, parse } from "graphql";

const ROOT = path.join(__dirname, "..");
const RELEASES = path.join(ROOT, "releases");

function schemaOf(sdl: string): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(sdl) });
}

/** The newest `releases/schema-<version>.graphql`, by semantic version. */
async function latestRelease(): Promise<{ version: string; sdl: string }> {
  const versions = (await readdir(RELEASES))
    .map((file) => /^schema-(\d+)\.(\d+)\.(\d+)\.graphql$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => match.slice(1, 4).map(Number))
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const version = versions.at(-1)!.join(".");
  return { version, sdl: await readFile(path.join(RELEASES, `schema-${version}.graphql`), "utf8") };
}

/** The text of CHANGELOG.md's `## Unreleased` section. */
async function unreleasedNotes(): Promise<string> {
  const changelog = await readFile(path.join(ROOT, "CHANGELOG.md"), "utf8");
  const section = /^## Unreleased\n([\s\S]*?)(?=^## )/m.exec(changelog);
  if (!section) throw new Error("CHANGELOG.md has no `## Unreleased` section");
  return section[1];
}

describe("schema change policy", () => {
  it("lists every breaking change since the last release under Unreleased › Breaking in CHANGELOG.md", async () => {
    const release = await latestRelease();
    const released = schemaOf(release.sdl);
    const current = schemaOf(await readFile(path.join(ROOT, "schema.graphql"), "utf8"));
    const notes = await unreleasedNotes();

    const breaking = findBreakingChanges(released, current).map((change) => change.description);
    const dangerous = findDangerousChanges(released, current).map((change) => change.description);
    if (dangerous.length > 0) console.info(`Changes since ${release.version} that may surprise a client:\n- ${dangerous.join("\n- ")}`);

    const unwritten = breaking.filter((description) => !notes.includes(description));
    expect(unwritten).toEqual([]);
  });

  it("finds a breaking change when a field is removed (the check can fail)", async () => {
    const { sdl } = await latestRelease();
    const withoutName = sdl.replace(/(type Organization implements Node[^{]*\{[\s\S]*?)\n {2}name: String!/, "$1");
    expect(withoutName).not.toEqual(sdl);
    const breaking = findBreakingChanges(schemaOf(sdl), schemaOf(withoutName)).map((change) => change.description);
    expect(breaking).toEqual(["Organization.name was removed."]);
    expect((await unreleasedNotes()).includes(breaking[0])).toBe(false);
  });

  it("has a release file for the version package.json names", async () => {
    const { version } = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect((await latestRelease()).version).toEqual(version);
    expect(await readFile(path.join(ROOT, "CHANGELOG.md"), "utf8")).toMatch(new RegExp(`^## ${version.replace(/\./g, "\\.")} — \\d{4}-\\d{2}-\\d{2}$`, "m"));
  });
});
