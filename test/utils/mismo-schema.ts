import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

// The MISMO schema is licensed for validation only, so it is read from beside the repository
// (or MISMO_SCHEMA_DIR) and never copied into it.
const ENTRY_FILE = 'MISMO_3.4.0_B324.xsd';

interface MismoSchema {
  entry: XMLFileInfo;
  imports: XMLFileInfo[];
}

let cached: { dir: string; schema: MismoSchema } | undefined;

export function mismoSchemaDir(): string {
  return resolve(
    process.env.MISMO_SCHEMA_DIR ?? join(process.cwd(), '..', 'shared', 'mismo-3.4-b324'),
  );
}

export function mismoSchemaAvailable(): boolean {
  return existsSync(join(mismoSchemaDir(), ENTRY_FILE));
}

export interface MismoValidationResult {
  valid: boolean;
  errors: string[];
}

/** Validates against MISMO 3.4 B324 with libxml2 (about half a second per document). */
export async function validateAgainstMismoSchema(xml: string): Promise<MismoValidationResult> {
  const { entry, imports } = loadSchema();
  const result = await validateXML({
    xml: [{ fileName: 'mismo-message.xml', contents: xml }],
    schema: [entry],
    preload: imports,
  });
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) };
}

function loadSchema(): MismoSchema {
  const dir = mismoSchemaDir();
  if (cached?.dir !== dir) {
    const read = (fileName: string): XMLFileInfo => ({
      fileName,
      contents: readFileSync(join(dir, fileName), 'utf8'),
    });
    const imports = readdirSync(dir).filter((file) => file.endsWith('.xsd') && file !== ENTRY_FILE);
    cached = { dir, schema: { entry: read(ENTRY_FILE), imports: imports.map(read) } };
  }
  return cached.schema;
}
