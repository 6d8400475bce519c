import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';

/**
 * The module boundaries are held by `npm run lint` (dependency-cruiser, .dependency-cruiser.cjs,
 * and .dependency-cruiser-modules.cjs for cycles between modules). This writes small source
 * trees, each breaking one rule (and one breaking none), and runs the project's own
 * configurations over them.
 */
const CONFIG = resolve('.dependency-cruiser.cjs');
const MODULE_CYCLES = resolve('.dependency-cruiser-modules.cjs');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function violationsOf(files: Record<string, string>, config = CONFIG): string[] {
  const root = mkdtempSync(join(tmpdir(), 'aila-boundaries-'));
  try {
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
    );
    mkdirSync(join(root, 'test'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    let output: string;
    try {
      output = execFileSync(
        resolve('node_modules/.bin/depcruise'),
        ['src', 'test', '--config', config, '--output-type', 'json'],
        { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (err) {
      // depcruise exits non-zero when it finds errors; the report is on stdout all the same.
      output = (err as { stdout: string }).stdout;
    }
    const report = JSON.parse(output) as { summary: { violations: Violation[] } };
    return report.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const SERVICE = 'export class CallsService {}\n';
const ENTITY = 'export class Call {}\n';

describe('module boundaries (dependency-cruiser)', () => {
  it('accepts features using what other modules export, and relations between entities', () => {
    expect(
      violationsOf({
        'src/modules/calls/calls.service.ts': SERVICE,
        'src/modules/calls/call.entity.ts': ENTITY,
        'src/modules/contacts/contact.entity.ts':
          "import { Call } from '../calls/call.entity.js';\nexport class Contact { calls: Call[] = []; }\n",
        'src/modules/contacts/contacts.service.ts':
          "import { CallsService } from '../calls/calls.service.js';\nexport const uses = CallsService;\n",
        'src/common/errors.ts': 'export class AppError {}\n',
        'src/modules/conversation/index.ts': 'export const parse = 1;\n',
        'src/modules/tasks/tasks.service.ts':
          "import { AppError } from '../../common/errors.js';\nimport { parse } from '../conversation/index.js';\nexport const uses = [AppError, parse];\n",
        'src/modules/extraction/sentence-facts.ts': 'export const readSentence = 1;\n',
        'src/modules/extraction/index.ts': "export { readSentence } from './sentence-facts.js';\n",
        'src/modules/extraction/extraction-reader.ts': 'export const ProvidesReading = 1;\n',
        'src/modules/extraction/extraction.module.ts': 'export class ExtractionModule {}\n',
        'src/modules/tasks/transcript-reader.ts':
          "import { readSentence } from '../extraction/index.js';\nimport { ProvidesReading } from '../extraction/extraction-reader.js';\nexport const uses = [readSentence, ProvidesReading];\n",
        'src/app.module.ts':
          "import { ExtractionModule } from './modules/extraction/extraction.module.js';\nexport const modules = [ExtractionModule];\n",
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'low-level-imports-feature',
      {
        'src/modules/calls/calls.service.ts': SERVICE,
        'src/queue/queue.ts':
          "import { CallsService } from '../modules/calls/calls.service.js';\nexport const uses = CallsService;\n",
      },
    ],
    [
      'foreign-entity',
      {
        'src/modules/calls/call.entity.ts': ENTITY,
        'src/modules/contacts/contacts.service.ts':
          "import { Call } from '../calls/call.entity.js';\nexport const uses = Call;\n",
      },
    ],
    [
      'foreign-repository',
      {
        'src/modules/calls/call.repository.ts': 'export class CallRepository {}\n',
        'src/modules/quality/quality.service.ts':
          "import { CallRepository } from '../calls/call.repository.js';\nexport const uses = CallRepository;\n",
      },
    ],
    [
      'foreign-test-helper',
      {
        'src/modules/calls/testing/call.factory.ts': 'export const makeCall = 1;\n',
        'src/modules/quality/quality.service.ts':
          "import { makeCall } from '../calls/testing/call.factory.js';\nexport const uses = makeCall;\n",
      },
    ],
    [
      'conversation-through-index',
      {
        'src/modules/conversation/transcripts/parser.ts': 'export const parse = 1;\n',
        'src/modules/calls/calls.service.ts':
          "import { parse } from '../conversation/transcripts/parser.js';\nexport const uses = parse;\n",
      },
    ],
    [
      'extraction-through-index',
      {
        'src/modules/extraction/sentence-facts.ts': 'export const readSentence = 1;\n',
        'src/modules/tasks/transcript-reading.ts':
          "import { readSentence } from '../extraction/sentence-facts.js';\nexport const uses = readSentence;\n",
      },
    ],
    [
      'shipped-code-imports-tests',
      {
        'test/utils/factories.ts': 'export const factory = 1;\n',
        'src/modules/calls/calls.service.ts':
          "import { factory } from '../../../test/utils/factories.js';\nexport const uses = factory;\n",
      },
    ],
  ])('rejects a tree that breaks %s', (rule, files) => {
    const found = violationsOf(files);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${rule}: `));
  });
});

describe('module cycles (dependency-cruiser, folder scope)', () => {
  // Two modules whose files form no cycle, but whose folders do: quality reads calls' record,
  // and calls types a column with quality's result.
  const CALLS_AND_QUALITY = {
    'src/modules/quality/score.types.ts': 'export type Score = number;\n',
    'src/modules/quality/quality.service.ts':
      "import type { CallRecord } from '../calls/call.types.js';\nexport const scoreOf = (call: CallRecord) => call.score;\n",
  };

  it('accepts modules that depend on each other one way', () => {
    expect(
      violationsOf(
        {
          ...CALLS_AND_QUALITY,
          'src/modules/calls/call.types.ts': 'export interface CallRecord { score: number }\n',
        },
        MODULE_CYCLES,
      ),
    ).toEqual([]);
  });

  it('rejects two modules that import each other', () => {
    expect(
      violationsOf(
        {
          ...CALLS_AND_QUALITY,
          'src/modules/calls/call.types.ts':
            "import type { Score } from '../quality/score.types.js';\nexport interface CallRecord { score: Score }\n",
        },
        MODULE_CYCLES,
      ).sort(),
    ).toEqual([
      'module-cycle: src/modules/calls -> src/modules/quality',
      'module-cycle: src/modules/quality -> src/modules/calls',
    ]);
  });

  it('leaves no module out: a cycle through nlp is rejected too', () => {
    expect(
      violationsOf(
        {
          'src/modules/calls/calls.service.ts':
            "import { run } from '../nlp/nlp-pool.js';\nexport const uses = run;\n",
          'src/modules/nlp/nlp-pool.ts':
            "import type { CallRecord } from '../calls/call.types.js';\nexport const run = (call?: CallRecord) => call;\n",
          'src/modules/calls/call.types.ts': 'export interface CallRecord { id: string }\n',
        },
        MODULE_CYCLES,
      ).sort(),
    ).toEqual([
      'module-cycle: src/modules/calls -> src/modules/nlp',
      'module-cycle: src/modules/nlp -> src/modules/calls',
    ]);
  });
});

describe('repositories only (ESLint)', () => {
  const lint = async (filePath: string, code: string) => {
    const [result] = await new ESLint().lintText(code, { filePath });
    return result.messages.map((m) => m.ruleId);
  };
  const code = [
    "import { InjectDataSource } from '@nestjs/typeorm';",
    "import { DataSource, EntityManager } from 'typeorm';",
    'export class Reader {',
    '  constructor(@InjectDataSource() readonly dataSource: DataSource) {}',
    "  read(manager: EntityManager) { return manager.query('SELECT 1'); }",
    '}',
    '',
  ].join('\n');

  it('refuses the DataSource and queries on a manager in a feature service', async () => {
    expect(await lint('src/modules/calls/reader.service.ts', code)).toEqual([
      'no-restricted-imports', // InjectDataSource
      'no-restricted-imports', // DataSource
      'no-restricted-syntax', // manager.query
    ]);
  });

  it('allows them in a repository', async () => {
    expect(await lint('src/modules/calls/reader.repository.ts', code)).toEqual([]);
  });
});
