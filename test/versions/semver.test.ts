// semver as a reference model: on plain dotted numbers `a.b.c` (no leading zeros, below 2^31)
// semver's order and Nix's agree; elsewhere they differ. The differences are pinned below with
// Nix's values (printed by real Nix 2.8 and re-checked when nix-instantiate is present) next to
// what semver 7 says.

import { fc, test } from "@fast-check/vitest";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { compareVersions } from "../../src/versions/index.js";
import { announceSkip, evalNix, nixList, nixString as q, skipReason } from "./nix-oracle.js";

announceSkip("semver comparison", skipReason);

const params = { seed: 0x5e_2008, numRuns: 5000 };

/** A plain `a.b.c` with small components, as semver and Nix both read it. */
const part = fc.oneof(fc.nat(20), fc.nat(100_000), fc.nat(2147483647));
const plain = fc.tuple(part, part, part).map(([a, b, c]) => `${a}.${b}.${c}`);

describe("semver agrees with Nix on plain a.b.c", () => {
  test.prop([plain, plain], params)("semver.compare == compareVersions", (a, b) => {
    expect(semver.valid(a)).toBe(a);
    expect(compareVersions(a, b)).toBe(semver.compare(a, b));
  });

  test.prop([plain], params)("equal strings, equal in both", (a) => {
    expect(compareVersions(a, a)).toBe(0);
    expect(semver.compare(a, a)).toBe(0);
  });
});

/**
 * [why, a, b, compareVersions a b from Nix 2.8, semver.compare a b (or "invalid"),
 *  semver.compare of the semver.coerce'd versions (or "invalid")].
 */
type SemverOrder = -1 | 0 | 1 | "invalid";
const DIFFERENCES: readonly [string, string, string, -1 | 0 | 1, SemverOrder, SemverOrder][] = [
  ["`pre` release: Nix orders it below the release, semver rejects it", "2.3pre1", "2.3", -1, "invalid", 0],
  ["`-rc1` is a word after the version in Nix, a pre-release in semver", "1.0-rc1", "1.0", 1, "invalid", 0],
  ["same with three components: semver puts the pre-release first", "1.0.0-rc1", "1.0.0", 1, -1, 0],
  ["semver pre-release with dots", "1.0.0-rc.1", "1.0.0", 1, -1, 0],
  ["a letter suffix is newer in Nix, invalid in semver", "1.2a", "1.2", 1, "invalid", 0],
  ["... and still older than the next minor in Nix", "1.2a", "1.3", -1, "invalid", -1],
  ["a word is below a number in Nix, above it in semver pre-releases", "1.0.0-alpha", "1.0.0-1", -1, 1, 0],
  ["build metadata counts in Nix, is ignored by semver", "1.0.0+build", "1.0.0", 1, 0, 0],
  ["Nix stops reading numbers at 2^31 - 1; semver does not", "2147483648.0.0", "2147483647.0.0", -1, 1, 1],
  ["leading zeros: equal in Nix, invalid in semver (even for coerce)", "01.2.3", "1.2.3", 0, "invalid", "invalid"],
  ["where they agree: pre-release words in both", "1.0.0-alpha", "1.0.0-beta", -1, -1, 0],
];

function semverCompare(a: string, b: string): SemverOrder {
  return semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : "invalid";
}

function coercedCompare(a: string, b: string): SemverOrder {
  const [ca, cb] = [semver.coerce(a), semver.coerce(b)];
  return ca && cb ? semver.compare(ca, cb) : "invalid";
}

describe("where semver and Nix differ", () => {
  it.each(DIFFERENCES)("%s: %j vs %j", (_why, a, b, nix, sv, coerced) => {
    expect(compareVersions(a, b)).toBe(nix);
    expect(semverCompare(a, b)).toBe(sv);
    expect(coercedCompare(a, b)).toBe(coerced);
  });

  it.skipIf(skipReason !== undefined)("the Nix column is what real Nix 2.8 prints", () => {
    const nix = evalNix(nixList(DIFFERENCES.map(([, a, b]) => `builtins.compareVersions ${q(a)} ${q(b)}`)));
    expect(nix).toEqual(DIFFERENCES.map(([, , , n]) => n));
  });
});
