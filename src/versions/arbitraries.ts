// fast-check arbitraries for version strings and derivation names, for property tests of code
// that orders versions the Nix way: realistic versions (`1.2.3`, `6.1-rc8`, `2.3pre1`) and
// adversarial ones (leading zeros, numbers past 32 and 64 bits, `pre`, empty components, odd
// separators and raw bytes). Values are byte strings: every char is in 0x01-0xFF (no NUL).

import fc from "fast-check";
import type { Arbitrary } from "fast-check";

/** Options for {@link adversarialVersion}, {@link versionString} and {@link drvName}. */
export interface VersionArbitraryOptions {
  /** Mix in arbitrary bytes 0x01-0xFF (controls, quotes, `$`, bytes >= 0x80). Default `true`. */
  readonly rawBytes?: boolean;
  /** Maximum number of fragments in an adversarial version. Default `8`. */
  readonly maxFragments?: number;
}

/** Digit runs that sit on either side of the 32-bit and 64-bit limits. */
const BOUNDARY_NUMBERS = [
  "2147483646",
  "2147483647",
  "2147483648",
  "02147483647",
  "4294967295",
  "4294967296",
  "9223372036854775807",
  "9223372036854775808",
  "18446744073709551616",
] as const;

/** Words seen in real version strings, `pre` (the special one) first. */
const COMMON_WORDS = [
  "pre", "rc", "alpha", "beta", "a", "b", "p", "git", "dev", "post", "final",
  "unstable", "patch", "r", "v", "z", "prerelease", "PRE", "_", "+", "~",
] as const;

/** One byte 0x01-0xFF as a one-char string. */
export function versionByte(): Arbitrary<string> {
  return fc.integer({ min: 1, max: 255 }).map((c) => String.fromCharCode(c));
}

/**
 * A run of digits: small numbers, numbers with leading zeros, values next to the `int` limit
 * (2147483647) where Nix 2.8 stops reading numbers, and numbers beyond 64 bits.
 */
export function versionNumber(): Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.nat(20).map(String), weight: 6 },
    { arbitrary: fc.nat(99999).map(String), weight: 2 },
    {
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.nat(120))
        .map(([zeros, n]) => "0".repeat(zeros) + String(n)),
      weight: 2,
    },
    { arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS), weight: 1 },
    { arbitrary: fc.integer({ min: 2147483600, max: 2147483700 }).map(String), weight: 1 },
    { arbitrary: fc.bigInt(2n ** 31n, 2n ** 70n).map(String), weight: 1 },
    {
      arbitrary: fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 11, maxLength: 45 }),
      weight: 1,
    },
  );
}

/**
 * A word component: a run without digits, `.` or `-` (`pre`, `rc`, `alpha`, `_`, `+`, letters).
 */
export function versionWord(): Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...COMMON_WORDS), weight: 4 },
    {
      arbitrary: fc.string({
        unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCXYZ_+~"),
        minLength: 1,
        maxLength: 5,
      }),
      weight: 2,
    },
  );
}

/** A single component as `splitVersion` returns it: a digit run or a word. */
export function versionComponent(): Arbitrary<string> {
  return fc.oneof({ arbitrary: versionNumber(), weight: 3 }, { arbitrary: versionWord(), weight: 2 });
}

/**
 * What goes between components: the real separators `.` and `-`, repeated or mixed, nothing
 * at all, or `_` / `+` / `~`, which Nix does not treat as separators (they become words).
 */
export function versionSeparator(): Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constant("."), weight: 8 },
    { arbitrary: fc.constant("-"), weight: 3 },
    { arbitrary: fc.constant(""), weight: 2 },
    { arbitrary: fc.constantFrom("..", "-.", ".-", "--", "_", "+", "~"), weight: 2 },
  );
}

/**
 * Versions as they appear in the wild: `1.2.3`, `6.1-rc8`, `2.3pre1`, `1.0.0-beta.2`,
 * `0.9.8zh`, `2021-03-04`, `unstable-2022-01-01`, `5.10.0_1`.
 */
export function realisticVersion(): Arbitrary<string> {
  const base = fc
    .array(fc.oneof({ arbitrary: fc.nat(12), weight: 5 }, { arbitrary: fc.nat(2025), weight: 1 }), {
      minLength: 1,
      maxLength: 4,
    })
    .map((ns) => ns.join("."));
  const n = fc.nat(12).map(String);
  const suffix = fc.oneof(
    { arbitrary: fc.constant(""), weight: 6 },
    { arbitrary: n.map((x) => "pre" + x), weight: 2 },
    { arbitrary: fc.constant("pre"), weight: 1 },
    { arbitrary: n.map((x) => "-rc" + x), weight: 2 },
    { arbitrary: n.map((x) => "rc" + x), weight: 1 },
    { arbitrary: fc.constantFrom("a", "b", "c", "zh", "p1"), weight: 1 },
    { arbitrary: fc.constantFrom("-alpha", "-beta", "-beta.2", "-alpha.1", ".post1", "-pre"), weight: 1 },
    { arbitrary: n.map((x) => "_" + x), weight: 1 },
    { arbitrary: fc.constantFrom("+git", "+build.5", "~rc1"), weight: 1 },
  );
  const plain = fc.tuple(base, suffix).map(([b, s]) => b + s);
  const dated = fc
    .tuple(fc.integer({ min: 2000, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  const unstable = dated.map((d) => "unstable-" + d);
  return fc.oneof(
    { arbitrary: plain, weight: 8 },
    { arbitrary: dated, weight: 1 },
    { arbitrary: unstable, weight: 1 },
  );
}

/**
 * Adversarial versions: fragments (numbers, words, separators, optionally raw bytes) glued
 * together in any order, so empty components, leading or trailing separators, huge numbers,
 * `pre` anywhere and the empty string all occur.
 */
export function adversarialVersion(options: VersionArbitraryOptions = {}): Arbitrary<string> {
  const rawBytes = options.rawBytes ?? true;
  const fragments: { arbitrary: Arbitrary<string>; weight: number }[] = [
    { arbitrary: versionNumber(), weight: 5 },
    { arbitrary: versionWord(), weight: 3 },
    { arbitrary: versionSeparator(), weight: 4 },
  ];
  if (rawBytes) fragments.push({ arbitrary: versionByte(), weight: 1 });
  return fc
    .array(fc.oneof(...fragments), { minLength: 0, maxLength: options.maxFragments ?? 8 })
    .map((parts) => parts.join(""));
}

/** Any version string: realistic and adversarial ones in equal measure. */
export function versionString(options: VersionArbitraryOptions = {}): Arbitrary<string> {
  return fc.oneof(realisticVersion(), adversarialVersion(options));
}

/**
 * Pairs of versions worth comparing: half independent, half sharing a common prefix with
 * different tails (so the comparison has to look past equal leading components).
 */
export function versionPair(options: VersionArbitraryOptions = {}): Arbitrary<[string, string]> {
  const v = versionString(options);
  const tail = adversarialVersion({ ...options, maxFragments: 3 });
  const shared = fc
    .tuple(v, tail, tail)
    .map(([prefix, x, y]): [string, string] => [prefix + x, prefix + y]);
  return fc.oneof(fc.tuple(v, v), shared);
}

/**
 * Derivation names for `parseDrvName`: `name-version` forms (`hello-world-1.2`,
 * `foo-bar`, `foo-`, `-1.0`, `a-1-b-2`) plus adversarial strings full of dashes.
 */
export function drvName(options: VersionArbitraryOptions = {}): Arbitrary<string> {
  const namePart = fc.oneof(
    fc.constantFrom("hello", "gnu", "python3", "linux", "foo", "X11", "lib", "a", ""),
    fc.string({ unit: fc.constantFrom(..."abcxyzAZ_+.0123456789"), minLength: 1, maxLength: 6 }),
  );
  const name = fc.array(namePart, { minLength: 1, maxLength: 3 }).map((ps) => ps.join("-"));
  const structured = fc
    .tuple(name, fc.constantFrom("-", "-", "-", "", "--"), fc.option(versionString(options), { nil: "" }))
    .map(([a, dash, b]) => a + dash + b);
  const dashes = fc
    .array(fc.oneof(fc.constant("-"), versionWord(), versionNumber(), ...(options.rawBytes ?? true ? [versionByte()] : [])), {
      maxLength: 8,
    })
    .map((ps) => ps.join(""));
  return fc.oneof({ arbitrary: structured, weight: 3 }, { arbitrary: dashes, weight: 1 });
}
