/**
 * The boundaries `npm run lint` holds (see the README's Architecture section):
 * - the low-level folders (common, config, database, queue) never depend on a feature;
 * - a feature module reaches another only through what that module exports: never its
 *   entities, its repositories or its test helpers; conversation and extraction only through
 *   their index.ts (and extraction's port for a shared reading);
 * - shipped code never depends on tests;
 * - feature modules form no cycle (.dependency-cruiser-modules.cjs, a second cruise, because
 *   that rule is checked per folder).
 * test/contract/boundaries.e2e-spec.ts writes a tree that breaks each rule and checks that
 * every one is rejected.
 */
const LOW_LEVEL = '^src/(common|config|database|queue)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'low-level-imports-feature',
      comment:
        'common, config, database and queue are below the features: they must not import one.',
      severity: 'error',
      from: { path: LOW_LEVEL },
      to: { path: '^src/modules/' },
    },
    {
      name: 'foreign-entity',
      comment:
        "A module's tables are its own: other modules call the owner's exported service instead of using its entity.",
      severity: 'error',
      // Entities may name another module's entity in a relation (a foreign key).
      from: { path: '^src/modules/([^/]+)/', pathNot: '[.]entity[.]ts$' },
      to: { path: '^src/modules/[^/]+/.+[.]entity[.]ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'foreign-repository',
      comment:
        "A module's repositories are private to it: other modules go through its exported service.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.+[.]repository[.]ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'foreign-test-helper',
      comment: "A module's testing/ helpers are for its own specs and the e2e tests.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: '[.]spec[.]ts$' },
      to: { path: '^src/modules/[^/]+/testing/', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'conversation-through-index',
      comment: 'The conversation module is used through what its index.ts exports.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/conversation/' },
      to: { path: '^src/modules/conversation/', pathNot: '^src/modules/conversation/index[.]ts$' },
    },
    {
      name: 'extraction-through-index',
      comment:
        'The extraction module is used through what its index.ts exports, and tasks implements its port for a shared reading (extraction-reader.ts); the composition roots name its module and its NLP work.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: '^src/(modules/extraction/|app[.]module[.]ts$|nlp[.]worker[.]ts$)',
      },
      to: {
        path: '^src/modules/extraction/',
        // testing/ is for specs only (foreign-test-helper).
        pathNot: '^src/modules/extraction/(index[.]ts|extraction-reader[.]ts|testing/)',
      },
    },
    {
      name: 'shipped-code-imports-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '[.]spec[.]ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
