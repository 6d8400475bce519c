/**
 * Feature modules depend on each other one way only: a folder-level cycle between two modules
 * under src/modules fails `npm run lint`. A lower module that must reach a higher one does so
 * through a port the higher one implements and discovery finds (see the README's module map).
 *
 * A separate configuration because dependency-cruiser checks folder-scoped rules on the whole
 * folder graph (it does not yet apply `via`/`viaOnly` to them): leaving a module's cycles out
 * would mean leaving the module out of this cruise. None is left out; the options are the main
 * configuration's.
 * test/contract/boundaries.e2e-spec.ts shows it rejecting a two-module cycle.
 */
const MODULE = '^src/modules/[^/]+$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-cycle',
      comment:
        'Two feature modules import each other (directly or through others): one of them has to move down, or reach the other through a port.',
      severity: 'error',
      scope: 'folder',
      from: { path: MODULE },
      to: { path: MODULE, circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
