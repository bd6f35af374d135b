// Vitest configuration: all suites under test/, a JSON report for .ci/run's closing line, and
// timeouts sized for differential suites that batch thousands of cases into one Nix call.
import { defineConfig } from "vitest/config";

export default defineConfig({
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
