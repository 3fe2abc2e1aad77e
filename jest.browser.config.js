/** The query explorer in a real headless Chromium (npm run test:browser): needs /usr/bin/chromium, so kept out of npm test. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config extending the main one
const base = require("./jest.config");

module.exports = { ...base, testMatch: ["**/tests/browser/**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/"] };
