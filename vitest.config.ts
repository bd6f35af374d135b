// Vitest configuration: all suites under test/, a JSON report for .ci/run's closing line, and
// timeouts sized for differential suites that batch thousands of cases into one Nix call.
// `chevrotain` resolves to its one-file build, as in dist/ (scripts/build.mjs): its package
// entry would load hundreds of lodash-es modules in every test file.
import { createRequire } from "node:module";
import * as path from "node:path";
import { defineConfig } from "vitest/config";

const chevrotainOneFile = path.join(path.dirname(createRequire(import.meta.url).resolve("chevrotain")), "../chevrotain.mjs");

export default defineConfig({
  resolve: { alias: [{ find: /^chevrotain$/, replacement: chevrotainOneFile }] },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: ["default", "json"],
    outputFile: { json: ".cache/vitest-report.json" },
    pool: "forks",
    maxWorkers: 2,
  },
});
