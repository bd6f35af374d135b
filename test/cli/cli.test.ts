// The nixts CLI against nix-instantiate 2.8 on the same arguments: --eval, --strict, --json,
// --xml, -A, --arg, --argstr, -E, -I, files, --show-trace error output, --parse, instantiation
// (.drv paths) and `show-derivation`. stdout (and stderr for errors) must be identical.

import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { announceSkip, nix28, repoRoot, skipReason } from "../support/oracle.js";

const reason = skipReason();
announceSkip("cli", reason);
const dataDir = path.join(repoRoot, "test/cli/data");

const nixts = (argv: string[]) => runCli(argv, dataDir);

function nix(cmd: string, argv: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(nix28.bin(cmd), argv, { cwd: dataDir, encoding: "latin1", env: { PATH: process.env["PATH"], HOME: process.env["HOME"] } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const same: string[][] = [
  ["--eval", "args.nix"],
  ["--eval", "--strict", "args.nix", "--arg", "n", "4"],
  ["--eval", "--strict", "args.nix", "--argstr", "s", "hello", "-A", "str"],
  ["--eval", "--strict", "args.nix", "--arg", "n", "2", "-A", "nested.deep.value"],
  ["--eval", "--strict", "args.nix", "--arg", "n", "2", "-A", "nested.list.1"],
  ["--eval", "--json", "--strict", "args.nix", "--arg", "n", "3", "-A", "nested"],
  ["--eval", "--xml", "--strict", "args.nix", "--arg", "n", "3", "-A", "nested"],
  ["--eval", "--xml", "--no-location", "--strict", "args.nix", "--arg", "n", "3", "-A", "nested"],
  ["--eval", "--strict", "-E", "{ x = [ 1 2.5 \"s\" null ]; }"],
  ["--eval", "--strict", "-E", "import ./args.nix { n = 9; }", "-A", "sum"],
  ["--eval", "-E", "<nix/fetchurl.nix>"],
  ["--eval", "--strict", "-I", "here=.", "-E", "(import <here/args.nix> {}).sum"],
  ["--parse", "-E", "let a = 1; in a + ./rel"],
  ["--parse", "args.nix"],
  ["--readonly-mode", "drvs.nix"],
  ["--readonly-mode", "drvs.nix", "-A", "b"],
  ["--readonly-mode", "args.nix", "-A", "drv", "--argstr", "s", "y"],
  ["--dry-run", "drvs.nix", "-A", "b"],
  ["--readonly-mode", "--no-gc-warning", "drvs.nix"],
  // getDerivations: lists recursed into, plain attribute names only, each derivation once, `!output`.
  ["--readonly-mode", "-E", 'let d = derivation { name = "a"; system = "x"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; }; in { inherit d; e = d; f = d.dev; "x.y" = d; l = [ [ d.dev ] { z = d; w = 1; } ]; }'],
  ["--find-file", "here", "here/args.nix", "nix/fetchurl.nix", "-I", "here=."],
  ["--parse-only", "--repair", "-E", "x: x"],
  // -A paths as Nix parses them: quotes, `+1` as an index, a trailing dot; values starting with a dash.
  ["--eval", "--strict", "-E", '{ a = { "b.c" = { d = 1; }; "" = 2; }; "+1" = 5; "-1" = 6; }', "-A", 'a."b.c".d', "-A", "a.", "-A", '""', "-A", "-1"],
  ["--eval", "--strict", "-E", "{ n }: n", "--arg", "n", "-1"],
];

const failing: string[][] = [
  ["--eval", "trace.nix"],
  ["--eval", "--show-trace", "trace.nix"],
  ["--eval", "-E", "1 +"],
  ["--eval", "args.nix", "-A", "nope"],
  ["--eval", "--strict", "-E", "{ a = 1; } // 2"],
  // Multi-line messages: later lines indented, blanks trimmed; tabs expanded, CR dropped.
  ["--eval", "-E", 'throw "a  \nb  \n\tc\n  \nd\r\n"'],
  ["--eval", "--show-trace", "-E", 'let f = x: throw "\u00e9\tx\n\ty"; in f 1'],
  ["--eval", "-E", 'builtins.match "(\n" ""'],
  ["--find-file", "here/nope.nix", "-I", "here=."],
  ["--eval", "-E", "{ a = 1; }", "-A", "a..b"],
  ["--readonly-mode", "-E", "[ 1 ]"],
  ["--eval", "-E", "{ a = 1; }", "-A", '"a'],
  ["--eval", "-E", "{ a = 1; }", "-A", "+1"],
  ["--eval", "-E", "[ 1 ]", "-A", "a"],
  ["--eval", "--strict", "-E", "{ b, a }: a", "--arg", "m", "1"],
  // What the printers had written: XML lines before the message, JSON after it (flushed at exit).
  ["--eval", "--strict", "--json", "-E", "{ a = [ 1 ]; b = x: x; }"],
  ["--eval", "--strict", "--xml", "-E", "{ a = [ 1 ]; b = throw \"no\"; }"],
  // show-trace is a setting: --show-trace and --no-show-trace set it, as --option does, in order.
  ["--eval", "--show-trace", "--no-show-trace", "-E", "let f = x: x.a; in f { }"],
  ["--eval", "--no-show-trace", "--show-trace", "-E", "let f = x: x.a; in f { }"],
  ["--eval", "--option", "show-trace", "true", "-E", "let f = x: x.a; in f { }"],
  ["--eval", "--show-trace", "--option", "show-trace", "false", "-E", "let f = x: x.a; in f { }"],
];

describe.skipIf(!!reason)("CLI vs nix-instantiate", () => {
  for (const argv of same) {
    it(argv.join(" "), async () => {
      const ours = await nixts(argv);
      const theirs = nix("nix-instantiate", argv);
      expect(theirs.code).toBe(0);
      // stderr too: Nix's warnings (such as the missing --add-root one when instantiating).
      expect(ours.err).toBe(theirs.err);
      expect(ours.out).toBe(theirs.out);
      expect(ours.code).toBe(0);
    });
  }
  for (const argv of failing) {
    it(`fails like Nix: ${argv.join(" ")}`, async () => {
      const ours = await nixts(argv);
      const theirs = nix("nix-instantiate", argv);
      expect(theirs.code).not.toBe(0);
      expect(ours.code).toBe(1);
      expect(ours.err).toBe(theirs.err);
      expect(ours.out).toBe(theirs.out);
      // Both streams into one pipe, in the order Nix writes them.
      const merged = spawnSync("sh", ["-c", 'exec "$0" "$@" 2>&1', nix28.bin("nix-instantiate"), ...argv], { cwd: dataDir, encoding: "latin1", env: { PATH: process.env["PATH"], HOME: process.env["HOME"] } });
      expect(ours.both.replace(/^Try 'nixts --help'/m, "Try 'nix-instantiate --help'")).toBe(merged.stdout);
    });
  }
  it("takes show-trace from NIX_CONFIG, under the command line's", async () => {
    const env = { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", NIX_CONFIG: "show-trace = true" };
    for (const argv of [["--eval", "-E", "let f = x: x.a; in f { }"], ["--no-show-trace", "--eval", "-E", "let f = x: x.a; in f { }"]]) {
      const theirs = spawnSync(nix28.bin("nix-instantiate"), argv, { cwd: dataDir, encoding: "latin1", env });
      const ours = await runCli(argv, dataDir, { NIX_CONFIG: env.NIX_CONFIG });
      expect([ours.code, ours.err]).toEqual([theirs.status, theirs.stderr]);
    }
  });
  it("show-derivation prints what `nix show-derivation` prints", async () => {
    const drv = nix("nix-instantiate", ["drvs.nix", "-A", "b"]).out.trim();
    const ours = await nixts(["show-derivation", drv]);
    const theirs = nix("nix", ["--extra-experimental-features", "nix-command", "show-derivation", drv]);
    expect(ours.out).toBe(theirs.out);
  });
});

describe.skipIf(!!reason)("CLI --version and --help", () => {
  it("--version names the Nix it follows, in nix-instantiate's format", async () => {
    const theirs = nix("nix-instantiate", ["--version"]);
    const ours = await nixts(["--version"]);
    expect(ours.code).toBe(0);
    expect(ours.out).toBe(theirs.out.replace(/^nix-instantiate /, "nixts "));
  });
  it("--help prints the usage and succeeds", async () => {
    const ours = await nixts(["--help"]);
    expect(ours.code).toBe(0);
    expect(ours.out).toMatch(/^Usage: nixts /);
    for (const flag of ["--eval", "--strict", "--json", "--xml", "--parse", "--find-file", "--arg", "--argstr", "-A", "-I", "-E", "--show-trace"])
      expect(ours.out).toContain(flag);
  });
});
