#!/usr/bin/env node
// Reads vitest's JSON report and prints the closing line CI reads: `N passed, M failed`
// (and `, K skipped` when any test was skipped, `, J known failures` for cases run as expected
// failures, `it.fails` titled "(known failure)": vitest reports those as passed, this does not).
// Exits non-zero if the report is missing.
import { readFileSync } from "node:fs";
const file = process.argv[2] ?? ".cache/vitest-report.json";
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch {
  console.log("0 passed, 1 failed");
  console.error(`no test report at ${file}`);
  process.exit(1);
}
const known = (report.testResults ?? []).flatMap((f) => f.assertionResults ?? []).filter((t) => t.status === "passed" && t.title.endsWith("(known failure)")).length;
const passed = (report.numPassedTests ?? 0) - known;
const failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0 ? 0 : 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}${known ? `, ${known} known failures` : ""}`);
process.exit(failed > 0 || (report.numFailedTestSuites ?? 0) > 0 ? 1 : 0);
