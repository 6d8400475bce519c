// Two projects: fast specs beside the code, and e2e tests against the real
// PostgreSQL and Redis (one throwaway database per run, see test/utils/global-setup.js).
const shared = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The ESM build imports its metadata JSON without an import attribute, which Jest warns about.
    '^libphonenumber-js$': '<rootDir>/node_modules/libphonenumber-js/index.cjs',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/utils/global-setup.js',
      globalTeardown: '<rootDir>/test/utils/global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/test/utils/setup-after-env.ts'],
    },
  ],
};
