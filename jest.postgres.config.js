/**
 * `npm run test:postgres`: the tests that touch the database, run against PostgreSQL (DATABASE_URL, set by
 * scripts/test-postgres.sh), plus test/postgres/, which needs PostgreSQL and so is not in `npm test`.
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/unit/{db,cli,importers,migrations}/**/*.test.ts', '<rootDir>/test/postgres/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/browser/'],
  globalSetup: '<rootDir>/test/postgres/globalSetup.js',
};
