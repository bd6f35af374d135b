// The README section's examples, run as a test so the documentation cannot drift from the
// code: the inline results of the API tour and the user's own property test, verbatim except
// for the import path (`nixts/versions` there, the source here).

import fc from "fast-check";
import { expect, test } from "vitest";
import { compareVersions, parseDrvName, splitVersion, versionAtLeast, versionOlder, versions } from "../../src/versions/index.js";
import { versionString } from "../../src/versions/arbitraries.js";

test("API tour results in the README", () => {
  expect(compareVersions("2.3pre1", "2.3")).toBe(-1);
  expect(compareVersions("6.1-rc8", "6.1")).toBe(1);
  expect(splitVersion("1.2pre3")).toEqual(["1", "2", "pre", "3"]);
  expect(parseDrvName("hello-world-1.2")).toEqual({ name: "hello-world", version: "1.2" });
  expect(versionAtLeast("5.10", "5.8")).toBe(true);
  expect(versionOlder("5.7.9", "5.8")).toBe(true);
  expect(versions.pad(3, "6.1-rc8")).toBe("6.1.0-rc8");
  expect(versions.majorMinor("1.2.3")).toBe("1.2");
  expect(compareVersions("10000000000", "2")).toBe(-1);
});

/** The code under test: picks the newest of some versions. */
function newest(vs: readonly string[]): string {
  return vs.reduce((best, v) => (compareVersions(v, best) > 0 ? v : best));
}

test("newest() is at least every input, as Nix's lib.versionAtLeast sees it", () => {
  fc.assert(
    fc.property(fc.array(versionString(), { minLength: 1, maxLength: 20 }), (vs) => {
      const top = newest(vs);
      expect(vs).toContain(top);
      for (const v of vs) expect(versionAtLeast(top, v)).toBe(true);
    }),
    { seed: 42, numRuns: 1000 },
  );
});
