// Adds a generated migration class to src/database/migrations/index.ts (imports and list).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const file = process.argv[2];
const className = /class (\w+)/.exec(readFileSync(file, 'utf8'))[1];
const index = 'src/database/migrations/index.ts';
const source = readFileSync(index, 'utf8');
const lastImport = [...source.matchAll(/^import .*$/gm)].at(-1);
const withImport =
  source.slice(0, lastImport.index + lastImport[0].length) +
  `\nimport { ${className} } from './${basename(file, '.ts')}.js';` +
  source.slice(lastImport.index + lastImport[0].length);
writeFileSync(
  index,
  withImport.replace(
    /MIGRATIONS = \[([\s\S]*?),?\s*\]/,
    (_, names) => `MIGRATIONS = [${names.trim()}, ${className}]`,
  ),
);
