// Version splitting, ordering and derivation-name parsing with Nix 2.8's semantics: the functions
// behind `builtins.splitVersion`, `builtins.compareVersions` and `builtins.parseDrvName`, plus
// nixpkgs lib's `versionOlder` / `versionAtLeast`. Strings are byte strings (one JS char per byte).
// Every rule here was checked against real Nix 2.8 (see test/versions/).

/** The result of {@link compareVersions}: `-1` (older), `0` (equivalent) or `1` (newer). */
export type VersionOrder = -1 | 0 | 1;

/** The result of {@link parseDrvName}, as `builtins.parseDrvName` returns it. */
export interface DrvName {
  /** Everything before the first `-` that is followed by a non-letter (or the whole string). */
  readonly name: string;
  /** Everything after that `-`, or `""` when there is none. */
  readonly version: string;
}

const CH_0 = 0x30;
const CH_9 = 0x39;
const CH_DOT = 0x2e;
const CH_DASH = 0x2d;

/** Largest value of a C `int`: a longer run of digits is not read as a number by Nix 2.8. */
const INT_MAX = 2147483647;

function isDigit(code: number): boolean {
  return code >= CH_0 && code <= CH_9;
}

/** Only `.` and `-` separate components; `_`, `+`, `~`, ... are ordinary (word) characters. */
function isSeparator(code: number): boolean {
  return code === CH_DOT || code === CH_DASH;
}

/** ASCII letters only: Nix uses C's `isalpha` in the C locale, so bytes >= 0x80 are not letters. */
function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Reads the component starting at or after `pos` (separators are skipped first).
 * Returns the component (`""` once the string is exhausted) and the position after it.
 */
function readComponent(v: string, pos: number): [component: string, next: number] {
  const len = v.length;
  let i = pos;
  while (i < len && isSeparator(v.charCodeAt(i))) i++;
  if (i >= len) return ["", len];
  const start = i;
  if (isDigit(v.charCodeAt(i))) {
    while (i < len && isDigit(v.charCodeAt(i))) i++;
  } else {
    while (i < len) {
      const c = v.charCodeAt(i);
      if (isDigit(c) || isSeparator(c)) break;
      i++;
    }
  }
  return [v.slice(start, i), i];
}

/**
 * The numeric value of a component if Nix 2.8 reads it as a number: all digits and, once
 * leading zeros are ignored, at most `2147483647`. Otherwise `undefined` (the component is
 * then ordered as a word, bytewise, even though it is made of digits).
 */
function asInt(component: string): number | undefined {
  if (component.length === 0 || !isDigit(component.charCodeAt(0))) return undefined;
  let i = 0;
  while (i < component.length - 1 && component.charCodeAt(i) === CH_0) i++;
  const digits = component.slice(i);
  if (digits.length > 10) return undefined;
  const n = Number(digits);
  return n <= INT_MAX ? n : undefined;
}

/**
 * Class of a component in Nix's order, lowest first: `pre`, then the missing component `""`,
 * then words (including digit runs too big for an `int`), then numbers.
 */
function componentClass(component: string, n: number | undefined): 0 | 1 | 2 | 3 {
  if (n !== undefined) return 3;
  if (component === "pre") return 0;
  if (component === "") return 1;
  return 2;
}

/** Bytewise three-way comparison of two byte strings. */
function compareBytes(a: string, b: string): VersionOrder {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two single components (a missing component is `""`). */
function compareComponents(a: string, b: string): VersionOrder {
  const na = asInt(a);
  const nb = asInt(b);
  const ka = componentClass(a, na);
  const kb = componentClass(b, nb);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  return compareBytes(a, b);
}

/**
 * Splits a version string into its components, as `builtins.splitVersion` does in Nix 2.8.
 *
 * A component is a maximal run of digits or a maximal run of characters that are neither
 * digits nor separators. Only `.` and `-` are separators and they never appear in the result;
 * every other byte (`_`, `+`, `~`, spaces, bytes >= 0x80) belongs to a word component.
 *
 * @example splitVersion("1.2pre3") // ["1", "2", "pre", "3"]
 * @example splitVersion("1-2_3")   // ["1", "2", "_", "3"]
 * @example splitVersion("..")      // []
 */
export function splitVersion(v: string): string[] {
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    const [component, next] = readComponent(v, pos);
    if (component === "") return out;
    out.push(component);
    pos = next;
  }
}

/**
 * Compares two version strings as `builtins.compareVersions` does in Nix 2.8.
 *
 * Components are compared left to right, a missing component counting as `""`, until two
 * differ. Component order, lowest first: `pre`; the missing component; words, ordered
 * bytewise (a run of digits above 2147483647 counts as a word); numbers, ordered numerically
 * (leading zeros ignored). So `1pre < 1 < 1.0`, `1.2 < 1.2a < 1.2.0`, `"01"` equals `"1"`.
 *
 * The result is a total preorder: reflexive, antisymmetric in sign and transitive, but
 * `0` does not imply equal strings (`"1.0"` vs `"1-0"`).
 *
 * @returns `-1` if `a` is older than `b`, `1` if newer, `0` if equivalent.
 */
export function compareVersions(a: string, b: string): VersionOrder {
  let pa = 0;
  let pb = 0;
  while (pa < a.length || pb < b.length) {
    const [ca, na] = readComponent(a, pa);
    const [cb, nb] = readComponent(b, pb);
    const order = compareComponents(ca, cb);
    if (order !== 0) return order;
    pa = na;
    pb = nb;
  }
  return 0;
}

/**
 * Splits a derivation name into name and version, as `builtins.parseDrvName` does in Nix 2.8:
 * at the first `-` that is followed by a byte other than an ASCII letter. Without such a dash
 * the whole string is the name and the version is `""`.
 *
 * @example parseDrvName("hello-world-1.2") // { name: "hello-world", version: "1.2" }
 * @example parseDrvName("foo-")            // { name: "foo-", version: "" }
 */
export function parseDrvName(s: string): DrvName {
  for (let i = 0; i + 1 < s.length; i++) {
    if (s.charCodeAt(i) === CH_DASH && !isAsciiLetter(s.charCodeAt(i + 1))) {
      return { name: s.slice(0, i), version: s.slice(i + 1) };
    }
  }
  return { name: s, version: "" };
}

/**
 * nixpkgs lib's `versionOlder v1 v2`: true when `v1` is strictly older than `v2`, i.e.
 * `compareVersions(v2, v1) === 1`.
 */
export function versionOlder(v1: string, v2: string): boolean {
  return compareVersions(v2, v1) === 1;
}

/**
 * nixpkgs lib's `versionAtLeast v min`: true when `v` is equivalent to or newer than `min`,
 * i.e. `!versionOlder(v, min)`.
 */
export function versionAtLeast(v: string, min: string): boolean {
  return !versionOlder(v, min);
}
