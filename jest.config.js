/** Every test runs against the real Neo4j (one shared database), so suites run one at a time. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  maxWorkers: 1,
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
