// Two tiers: unit specs beside the code (no Nest, no database) and end-to-end specs in test/
// against a real, migrated PostgreSQL (embedded in a temporary directory, or DATABASE_URL).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  // NestJS 12 and pg-boss 12 (with its ESM-only dependencies) ship ESM only; they are transformed to
  // CommonJS for jest, whose module system has no require(esm) on Node 20.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|pg-boss|rrule-temporal|temporal-spec|serialize-error|non-error)/)'],
  testEnvironment: 'node',
};

module.exports = {
  // A worker is recycled after each test file: Nest's GraphQL type registry does not survive a
  // second file's fresh module registry in the same process ("Cannot determine a GraphQL output type").
  workerIdleMemoryLimit: '1MB',
  // Jest 30 reads testTimeout from the global configuration only: set in a project it is ignored
  // (5 s), too little for an end-to-end test on a busy machine.
  testTimeout: 60_000,
  projects: [
    // test/lint/ checks the layer rules of `npm run lint` against its fixture trees (no Nest, no database).
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/lint/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
