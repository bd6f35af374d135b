// How Nix 2.26.3 prints an error's trace, compared byte for byte with nixts's 2.26 mode: repeats
// folded into `(N duplicate frames omitted)`, the trace cut short without --show-trace (but not
// addErrorContext's lines), and a failed `assert a == b` explained down to the first difference.
// Trace shapes are generated: nested `if`, `!` and addErrorContext in random order.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { announceSkip, oracle } from "../support/oracle.js";

const nix226 = oracle("2.26");
const reason = nix226.skipReason();
announceSkip("Nix 2.26 error traces", reason);

/** An expression failing under nested contexts, outermost first: `P` an if's condition, `N` a
 * `!`'s operand, `A` an addErrorContext. */
function nested(shape: readonly string[]): string {
  let e = "1";
  let k = 0;
  for (const c of [...shape].reverse())
    e = c === "P" ? `(if ${e} then 1 else 1)` : c === "N" ? `(!${e})` : `(builtins.addErrorContext "c${++k}" ${e})`;
  return e;
}

const asserts = [
  'assert { a = builtins.trace "x" 1; } == { a = 2; }; 1',
  "let f = x: x; in assert { a = f; b = 1; } == { a = f; b = 2; }; 1",
  "let x = { a = 1; b = 1; }; in assert { b = 1; c = 2; } == x; 1",
  "let x = { a = 1; b = 1; }; in assert x == { b = 2; c = 2; }; 1",
  'assert { type = "derivation"; outPath = "x"; } == { type = "derivation"; a = 1; }; 1',
  'assert { type = "derivation"; outPath = "x"; a = 1; } == { type = "derivation"; outPath = "y"; }; 1',
  "assert { a = 1 + 1; } == { a = 3; b = 1; }; 1",
  'assert ./a == "a"; 1',
  'assert builtins.listToAttrs [ { name = "a"; value = 1; } ] == { a = 2; }; 1',
  "assert [ [ 1 ] ] == [ [ 2 ] ]; 1",
  "assert [ 1 2 3 ] == [ 1 2 ]; 1",
  "assert (x: x) == 1; 1",
  "assert builtins.head == builtins.head; 1",
  "let f = x: x; in assert f == f; 1",
  "let f = x: x; in assert [ f ] == [ f 1 ]; 1",
  "assert [ (x: x) ] == [ (x: x) ]; 1",
  "assert null == false; 1",
  "assert 1 == 1.5; 1",
  'assert { a = [ 1 { b = "x"; } ]; } == { a = [ 1 { b = "y"; } ]; }; 1',
  "let mk = v: builtins.foldl' (acc: _: [ acc ]) v (builtins.genList (x: x) 20000); in assert mk 1 == mk 2; 1",
  "let f = n: if n == 0 then throw \"x\" else f (n - 1); in f 8",
  "let f = x: x + 1; in { a.b.c = f \"a\"; }",
  // Infinite recursion is reported where the value that forced the one under evaluation was forced.
  "let x = x; in x",
  "let x = y; y = x; in x",
  "let x = y; y = z; z = x; in x",
  "rec { a = b; b = a; }.a",
  "let s = rec { a = s.b; b = s.a; }; in s.a",
  "let x = { a = x.a; }; in x.a",
  "let x = builtins.seq x 1; in x",
  // max-call-depth (10,000 by default): arithmetic and builtins are calls too.
  "let f = n: if n == 0 then 0 else f (n - 1); in f 10000",
  "let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 9000",
  "let f = n: if n < 1 then 0 else f (n - 1); in f 5000",
  // Functors are called in a frame of their own, from their definition.
  "let f = { __functor = self: self; }; in f 1",
  'let f = { __functor = self: x: throw "y"; }; in f 1',
  "let f = { __functor = 1; }; in f 1",
  "builtins.map { __functor = s: x: x + true; } [ 1 ]",
];

describe.skipIf(!!reason)("Nix 2.26's error traces", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-traces-"));
  const compare = async (expr: string, flags: string[]) => {
    const want = nix226.run("nix-instantiate", ["--eval", "--strict", ...flags, "-E", expr], { cwd: dir, env: { PATH: process.env["PATH"] } });
    const got = await runCli(["--nix-version", "2.26", "--eval", "--strict", ...flags, "-E", expr], dir);
    expect({ code: got.code, out: got.out, err: got.err }).toEqual({ code: want.status, out: String(want.stdout), err: String(want.stderr) });
  };

  it.each(asserts)("%s", async (expr) => {
    await compare(expr, []);
    await compare(expr, ["--show-trace"]);
  });

  it("nested contexts fold repeats and truncate as Nix 2.26 does", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom("P", "P", "N", "N", "A"), { minLength: 1, maxLength: 10 }), fc.boolean(), async (shape, showTrace) => {
        await compare(nested(shape), showTrace ? ["--show-trace"] : []);
      }),
      { numRuns: 60, seed: 0x2263 },
    );
  }, 120_000);
});
