/** Integration tests against a real PostgreSQL: one file at a time, each in its own database. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // Browser tests need Chromium: npm run test:browser (jest.browser.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/browser/"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
  maxWorkers: 1,
  testTimeout: 60000,
};
