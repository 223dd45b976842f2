/**
 * Two layers. `unit`: pure tests under test/unit/, no database. `integration`: every other suite,
 * against the real Neo4j (one shared database), so one at a time, after the global setup has
 * started it. `npm run test:unit` selects the unit project alone (the integration global setup
 * never runs); `npm test` runs both, unit first (test/support/sequencer.js), with one summary line.
 */
const common = { preset: 'ts-jest', testEnvironment: 'node' };

module.exports = {
  // Global options: one worker because integration suites share one database; test:unit overrides it.
  maxWorkers: 1,
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testSequencer: '<rootDir>/test/support/sequencer.js',
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  ],
};
