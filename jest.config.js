/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/postgres needs PostgreSQL: `npm run test:postgres` runs it (jest.postgres.config.js).
  // test/conformance reads ../shared/refdata: `npm run test:conformance` runs it (jest.conformance.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/test/browser/', '/test/postgres/', '/test/conformance/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // Each integration file migrates its own SQLite file. One worker per core this process may use: two on
  // the 2-core machine, one under `taskset -c 0`, where a second worker would only halve the first's speed.
  maxWorkers: '100%',
  // Jest's 5 s default is a clock the tests do not control: a clinic's small VM or a shared machine runs a
  // test that walks the wizard ten times slower than a developer's laptop. The timeout only catches a hang.
  testTimeout: 60_000,
};
