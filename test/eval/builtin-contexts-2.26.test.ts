// Nix 2.26.3's error contexts of builtins, compared byte for byte with nixts's 2.26 mode: a type
// error about an argument names it (`… while evaluating the second argument passed to
// builtins.elemAt`, with 2.26's own wordings), values a builtin checks besides its arguments get
// their lines (a predicate's result, list elements), and arguments are checked in 2.26's order.
// Besides fixed cases, builtins are called with random arguments from a pool of values, distinct
// within a call: nixts tells which argument an error is about by the value itself, so of two equal
// primitive arguments (`builtins.filter "a" "a"`) it names the first, which Nix need not.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinDefinitions } from "../../src/eval/builtins/index.js";
import { runCli } from "../support/cli.js";
import { announceSkip, oracle } from "../support/oracle.js";

const nix226 = oracle("2.26");
const reason = nix226.skipReason();
announceSkip("Nix 2.26 builtin error contexts", reason);

const fixed = [
  "builtins.length 1",
  "builtins.attrNames 1",
  "builtins.head 1",
  "builtins.head [ ]",
  "builtins.tail [ ]",
  "builtins.elemAt [ ] 3",
  'builtins.elemAt [ ] "a"',
  'builtins.substring "a" 1 "x"',
  'builtins.substring 1 1 { }',
  'builtins.concatStringsSep 1 [ ]',
  'builtins.concatStringsSep "," [ 1 ]',
  "builtins.foldl' 1 0 [ 1 ]",
  "builtins.map 1 [ 1 ]",
  "builtins.map 1 [ ]",
  "builtins.genList 1 0",
  "builtins.filter [ ] 1",
  "builtins.filter (x: 1) [ 1 ]",
  "builtins.sort (a: b: 1) [ 1 2 ]",
  "builtins.any (x: 1) [ 1 ]",
  "builtins.partition (x: 1) [ 1 ]",
  "builtins.groupBy (x: 1) [ 1 ]",
  "builtins.concatMap (x: 1) [ 1 ]",
  "builtins.concatLists [ 1 ]",
  "builtins.listToAttrs [ 1 ]",
  "builtins.listToAttrs [ { name = 1; } ]",
  "builtins.removeAttrs { } [ 1 ]",
  "builtins.catAttrs \"a\" [ 1 ]",
  "builtins.zipAttrsWith (n: v: v) [ 1 ]",
  'builtins.replaceStrings [ 1 ] [ "" ] "a"',
  'builtins.replaceStrings [ "a" ] [ 1 ] "a"',
  "builtins.genericClosure { startSet = 1; }",
  "builtins.genericClosure { startSet = [ 1 ]; operator = x: [ ]; }",
  "builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: 1; }",
  "builtins.toString { a = 1; }",
  'builtins.toString [ 1 (builtins.hashFile "md5" ./no-such-file) ]',
  'builtins.toPath "a/b"',
  "builtins.readFile 1",
  "builtins.filterSource [ ] 1",
  "builtins.add 1 \"a\"",
  '"a" / "a"',
  "1 / 0",
  ' -"a"',
  "let a = 4294967297; in a * a * a",
  '(throw "x") < 1',
  '1 <= "a"',
  '(throw "x") >= 1',
  "builtins.seq (1 - \"a\") 1",
  // Functions builtins call are called from no position; lazy applications from where they are forced.
  'builtins.map (x: throw "x") [ 1 ]',
  'builtins.zipAttrsWith (n: v: throw "x") [ { a = 1; } ]',
  'builtins.listToAttrs (builtins.genList (x: throw "x") 1)',
  'builtins.sort (a: b: throw "x") [ 1 2 ]',
  "builtins.foldl' ({ a }: b: 1) 1 [ 1 ]",
  "builtins.map ({ a }: a) [ 1 ]",
  "({ a }: a) 1",
  'builtins.filterSource (p: t: throw "x") ./.',
  // What __toString returns is coerced in its own frame; attribute names print as 2.26 quotes them.
  '"${{ __toString = self: { __toString = s: throw "x"; }; }}"',
  '"${{ __toString = self: [ ]; }}"',
  'builtins.toString { __toString = self: {}; }',
  'builtins.toString { __toString = self: 1; }',
  '"${{ __toString = self: builtins.seq (throw "y") 1; }}"',
  '"${{ __toString = self: {}; }}"',
  '{ __toString = self: {}; } + "a"',
  '"a" + { __toString = self: {}; }',
  '"${{ __toString = self: { outPath = []; }; }}"',
  '"${{ outPath = {}; }}"',
  'builtins.concatStringsSep "," [ { __toString = self: {}; } ]',
  '{ "assert" = 2; "let" = 1; "or" = 3; "a b" = 1; "$x" = 1; "if" = 1; }',
  // Values and messages 2.26 writes otherwise: comparisons, substring's 64-bit ints, dirOf, JSON floats, missing names.
  "true < false",
  "{ } < { }",
  'builtins.substring 4294967296 1 "abc"',
  'builtins.substring 4294967297 1 "abc"',
  'builtins.substring 1 4294967296 "abc"',
  'builtins.substring 1 (-4294967296) "abc"',
  'map builtins.dirOf [ "a//b" "a///" "//" "/a//b" "///a" "a/b//" "//a//b" "///" "a" "" ]',
  "builtins.toJSON [ 123456789.0 0.0 1.5 1.0e30 0.1 1.0e-7 2.5e-300 123456789012345678.0 1.0e15 0.0001 0.00001 (0.1 + 0.2) ]",
  '{ a = 1; }."a\nc"',
  '{ a = 1; }."inherit"',
  // A string with context where none may be: the store path by its base name, and the argument named.
  'builtins.getAttr (builtins.toFile "k" "v") { }',
  'builtins.hasAttr (derivation { name = "a"; system = "x"; builder = "/b"; }).drvPath { }',
  'builtins.hasAttr "${derivation { name = "a"; system = "x"; builder = "/b"; }}" { }',
  // Positions in -E text have no file in 2.26; a selection's frame sits inside the operation that failed.
  '[ __curPos (builtins.unsafeGetAttrPos "a" { a = 1; }) ]',
  'let r = { b = throw "x"; }; in 1 - r.b',
  'let r = { b = throw "x"; }; in if r.b then 1 else 2',
  // throw/abort messages, elem's list, replaceStrings' lengths; trace and deepSeq force their result inside the call.
  "throw 1",
  "abort { }",
  "builtins.elem 1 1",
  'builtins.replaceStrings [ "a" ] [ ] "abc"',
  'builtins.trace "x" (throw "B")',
  'builtins.deepSeq 1 (throw "B")',
  'builtins.warn "w" (throw "B")',
  // derivationStrict traces the derivation and the attribute being evaluated.
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; outputs = [ "a" "a" ]; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; outputs = [ ]; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = { }; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; args = [ { } ]; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; outputHashMode = "x"; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; outputHash = "x"; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; outputs = [ "drv" ]; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; __structuredAttrs = true; outputs = 1; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; foo = throw "x"; }',
  'builtins.derivationStrict { name = 1; system = "x"; builder = "/b"; }',
  'builtins.derivationStrict { system = "x"; builder = "/b"; }',
  'builtins.derivationStrict { name = "a"; builder = "/b"; }',
  'builtins.derivationStrict { name = "a"; system = "x"; }',
  'builtins.derivationStrict { name = "a"; system = "x"; builder = "/b"; __contentAddressed = true; }',
];

/** Arguments the random calls draw from: some of each type. */
const pool = ["1", "12345", '"s"', '"probe"', "[ ]", "[ 1 ]", "{ }", "{ probe = 1; }", "(x: x)", "true", "null", "1.5", "./."];
/** Builtins left out of random calls: those that fetch, write, build, read the environment,
 * never fail on their arguments' types, or print; and fromTOML, whose syntax errors nixts words
 * as its TOML parser does, not as Nix's toml11 (a known difference). */
const excluded = new Set([
  "abort", "throw", "fetchurl", "fetchTarball", "fetchGit", "fetchTree", "fetchClosure", "fetchMercurial", "derivationStrict",
  "scopedImport", "import", "exec", "trace", "traceVerbose", "warn", "addErrorContext", "tryEval", "seq", "deepSeq", "break",
  "storePath", "getFlake", "toFile", "filterSource", "path", "placeholder", "getEnv", "findFile", "currentTime", "fromTOML",
]);
const callable = [...builtinDefinitions("2.26")].filter(([name, d]) => "impl" in d && !excluded.has(name)).map(([name, d]) => ({ name, arity: d.arity }));

describe.skipIf(!!reason)("Nix 2.26's builtin error contexts", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-contexts-"));
  const compare = async (expr: string, flags: string[] = ["--show-trace"]) => {
    const env = { PATH: process.env["PATH"], NIX_REMOTE: "dummy://" };
    const want = nix226.run("nix-instantiate", ["--eval", "--strict", ...flags, "-E", expr], { cwd: dir, env });
    const got = await runCli(["--nix-version", "2.26", "--eval", "--strict", ...flags, "-E", expr], dir, { NIX_REMOTE: "dummy://" });
    const err = String(want.stderr).replace("Try 'nix-instantiate --help'", "Try 'nixts --help'");
    expect({ code: got.code, out: got.out, err: got.err }).toEqual({ code: want.status, out: String(want.stdout), err });
  };

  it.each(fixed)("%s", (expr) => compare(expr, ["--show-trace"]));

  it("builtins called with random arguments fail as in Nix 2.26", async () => {
    const call = fc
      .constantFrom(...callable)
      .chain((b) => fc.tuple(fc.constant(b.name), fc.uniqueArray(fc.constantFrom(...pool), { minLength: b.arity, maxLength: b.arity })));
    await fc.assert(
      fc.asyncProperty(call, async ([name, args]) => {
        await compare(`builtins.${name} ${args.join(" ")}`);
      }),
      { numRuns: 200, seed: 0x2226 },
    );
  }, 300_000);
});
