/**
 * `npm run test:conformance`: the Prior Authorization API against the Da Vinci PAS 2.2.1 examples in
 * ../shared/refdata (CI has that folder; `npm test` does not need it and leaves test/conformance out).
 */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/conformance/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
