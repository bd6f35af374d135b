// Golden unit tests: every expected value below was printed by real Nix 2.8.0
// (`nix-instantiate --eval --strict --json`, with nixpkgs lib from the shared corpus for the
// lib functions). None are made up; re-check them with the oracle before changing any.

import { describe, expect, it } from "vitest";
import { compareVersions, parseDrvName, splitVersion, versionAtLeast, versionOlder, versions } from "../../src/versions/index.js";
import { EvalError } from "../../src/errors.js";
import { COMPARE_GOLDEN, DRVNAME_GOLDEN, SPLIT_GOLDEN } from "./golden-cases.js";

describe("golden values from Nix 2.8", () => {
  it.each(COMPARE_GOLDEN)("compareVersions %j %j is %i", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it.each(SPLIT_GOLDEN)("splitVersion %j", (v, expected) => {
    expect(splitVersion(v)).toEqual(expected);
  });

  it.each(DRVNAME_GOLDEN)("parseDrvName %j", (s, name, version) => {
    expect(parseDrvName(s)).toEqual({ name, version });
  });

  it("lib.versionOlder / lib.versionAtLeast", () => {
    expect([
      versionOlder("1.1", "1.2"), versionOlder("1.1", "1.1"), versionAtLeast("1.1", "1.0"),
      versionAtLeast("1.1", "1.1"), versionAtLeast("1.1", "1.2"), versionAtLeast("01", "1"),
      versionOlder("5.7.9", "5.8"), versionAtLeast("6.1-rc8", "6.1"),
      versionOlder("2.3pre1", "2.3"), versionAtLeast("2147483648", "2"),
    ]).toEqual([true, false, true, true, false, true, true, true, true, false]);
  });

  it("lib.versions.pad", () => {
    const p = versions.pad;
    expect([
      p(3, "1.2"), p(3, "1.3-rc1"), p(3, "1.2.3.4"), p(3, "6.1-rc8"), p(3, "1.2a"), p(3, ""),
      p(0, "1.2-x"), p(2, "-1-2"), p(3, "1..2"), p(1, "1.2-3-4"), p(4, "5.15_1"),
    ]).toEqual([
      "1.2.0", "1.3.0-rc1", "1.2.3", "6.1.0-rc8", "1.2.a", "0.0.0",
      "-x", "0.0-1-2", "1.2.0", "1-3-4", "5.15._.1",
    ]);
  });

  it("lib.versions.major / minor / patch / majorMinor", () => {
    const { major, minor, patch, majorMinor } = versions;
    expect([
      majorMinor("1.2.3"), majorMinor("1"), majorMinor(""), majorMinor("1-2_3"),
      major("1.2.3"), major("a.b"), minor("1.2.3"), minor("1-2"), patch("1.2.3"),
      patch("1.2pre3"), major("v1.2"),
    ]).toEqual(["1.2", "1", "", "1.2", "1", "a", "2", "2", "3", "pre", "v"]);
  });

  it("errors as Nix reports them", () => {
    // Nix: `error: list index 0 is out of bounds` (lib.versions.major "")
    expect(() => versions.major("")).toThrow(new EvalError("list index 0 is out of bounds"));
    expect(() => versions.minor("1")).toThrow(EvalError);
    expect(() => versions.patch("1.2")).toThrow("list index 2 is out of bounds");
    // Nix: `error: cannot create list of size -1` (lib.versions.pad (-1) "1")
    expect(() => versions.pad(-1, "1")).toThrow("cannot create list of size -1");
    // Nix: `error: value is a float while an integer was expected` (pad 1.5 "1")
    expect(() => versions.pad(1.5, "1")).toThrow("value is a float while an integer was expected");
  });
});
