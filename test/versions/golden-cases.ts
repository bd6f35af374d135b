// Golden cases shared by the unit tests and the differential suite. Every expected value was
// printed by real Nix 2.8.0 (`nix-instantiate --eval --strict --json`); none are made up.
// Re-check with the oracle before changing any.

/** [a, b, builtins.compareVersions a b] */
export const COMPARE_GOLDEN: readonly [string, string, -1 | 0 | 1][] = [
  ["1.0", "2.3", -1], ["2.1", "2.3", -1], ["2.3", "2.3", 0], ["2.5", "2.3", 1],
  ["3.1", "2.3", 1], ["2.3.1", "2.3", 1], ["2.3.1", "2.3a", 1], ["2.3pre1", "2.3", -1],
  ["2.3", "2.3pre1", 1], ["2.3pre3", "2.3pre12", -1], ["2.3a", "2.3c", -1],
  ["2.3pre1", "2.3c", -1], ["2.3pre1", "2.3q", -1], ["1pre", "1", -1], ["1", "1.0", -1],
  ["1.2", "1.2a", -1], ["2.3a", "2.3.1", -1], ["6.1-rc8", "6.1", 1], ["01", "1", 0],
  ["1.0", "1-0", 0], ["1", "1.", 0], ["1_0", "1.0", -1], ["", "pre", 1], ["", "", 0],
  ["a", "", 1], ["1.pre", "1", -1], ["2147483647", "2147483646", 1],
  ["2147483648", "2147483647", -1], ["2147483648", "a", -1], ["4294967296", "0", -1],
  ["9223372036854775808", "1", -1], ["00000000000000000001", "1", 0], ["010", "9", 1],
  ["1.2", "1.10", -1], ["1.2rc1", "1.2-rc1", 0], ["1.0-rc1", "1.0", 1],
  ["1.0.0-alpha", "1.0.0-beta", -1], ["1.0.0+build", "1.0.0", 1], ["B", "a", -1],
  ["1.2a", "1.3", -1], ["1..2", "1.2", 0], ["...", "", 0], ["2.3PRE", "2.3", 1],
  ["1~rc1", "1", 1], ["5.10.0_1", "5.10.0", 1],
];

/** [v, builtins.splitVersion v] */
export const SPLIT_GOLDEN: readonly [string, string[]][] = [
  ["1.2.3", ["1", "2", "3"]], ["1..2", ["1", "2"]], [".1", ["1"]], ["1.", ["1"]], ["", []],
  ["a+b", ["a+b"]], ["1a2b", ["1", "a", "2", "b"]], ["1~2", ["1", "~", "2"]],
  ["1-2_3", ["1", "2", "_", "3"]], ["...", []], ["1.2pre3", ["1", "2", "pre", "3"]],
  ["a.b-c_d", ["a", "b", "c_d"]], ["6.1-rc8", ["6", "1", "rc", "8"]],
  ["2147483648.x", ["2147483648", "x"]], ["0.9.8zh", ["0", "9", "8", "zh"]], ["-1", ["1"]],
];

/** [s, (builtins.parseDrvName s).name, .version] */
export const DRVNAME_GOLDEN: readonly [string, string, string][] = [
  ["hello-1.2", "hello", "1.2"], ["hello-world-1.2", "hello-world", "1.2"],
  ["hello", "hello", ""], ["hello-", "hello-", ""], ["-1.2", "", "1.2"],
  ["a-b-c", "a-b-c", ""], ["a-1-b-2", "a", "1-b-2"], ["foo--1", "foo", "-1"],
  ["foo-_1", "foo", "_1"], ["foo-.1", "foo", ".1"], ["", "", ""], ["-", "-", ""],
  ["foo-X", "foo-X", ""], ["gnome-3.0-beta", "gnome", "3.0-beta"],
  ["python3.10-numpy-1.23.4", "python3.10-numpy", "1.23.4"], ["font-Noto-2.0", "font-Noto", "2.0"],
  ["foo-\u00c3\u00a9", "foo", "\u00c3\u00a9"], // UTF-8 "é": bytes >= 0x80 are not letters
];
