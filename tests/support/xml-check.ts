import { readFileSync } from "node:fs";
import path from "node:path";
import { validateXML, XMLFileInfo } from "xmllint-wasm";

/** The OASIS CAP 1.2 schema, unmodified (tests/fixtures/README.md says where it comes from). */
const CAP_SCHEMA: XMLFileInfo = { fileName: "CAP-v1.2.xsd", contents: readFileSync(path.join(__dirname, "..", "fixtures", "CAP-v1.2.xsd"), "utf8") };

// libxml2's xmllint compiled to WebAssembly, from npm: no program of the operating system and no network.

/** What libxml2 finds wrong with a document against the CAP 1.2 schema; none when it validates. */
export async function capSchemaErrors(document: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: "alert.xml", contents: document }, schema: CAP_SCHEMA });
  return result.valid ? [] : result.errors.map((error) => error.message);
}

/** What libxml2 finds wrong with a document as XML (well-formed, namespaces); none when it reads it whole. */
export async function xmlErrors(document: string): Promise<string[]> {
  // Reformatting reads the whole document; the reformatted copy is not needed.
  const result = await validateXML({ xml: { fileName: "document.xml", contents: document }, normalization: "format" });
  return result.valid ? [] : result.errors.map((error) => error.message);
}

/** The text of the first element named `name` (inside `within`, an XPath step) as libxml2 reads it back. */
export async function textOf(document: string, name: string, within = ""): Promise<string> {
  const result = await validateXML({
    xml: { fileName: "document.xml", contents: document },
    normalization: "format",
    modifyArguments: () => ["--xpath", `string(${within}//*[local-name()="${name}"])`, "document.xml"],
  });
  if (!result.valid) throw new Error(`xmllint could not read the document: ${result.rawOutput}`);
  // xmllint ends what it prints with a newline of its own.
  return result.normalized.replace(/\n$/, "");
}
