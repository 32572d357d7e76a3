/** Browser checks: the built portal driven by Debian's Chromium with JavaScript off (`npm run test:browser`). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/browser/helpers/globalSetup.js',
  // One Chromium at a time on a 2-core machine; each file starts its own portal.
  maxWorkers: 1,
  testTimeout: 120000,
};
