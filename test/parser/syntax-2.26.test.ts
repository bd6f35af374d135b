// Nix 2.26's syntax in nixts's 2.26 mode: the `--parse` layout (sorted formals and `let`, grouped
// `inherit`s, quoted keywords), error messages and positions, NUL bytes in strings, the pipe
// operators, the warning about `or`, nested-set merging and `inherit (e)` evaluated once. The
// expectations were printed by Nix 2.26.3 (and 2.8.0 for the unchanged 2.8 mode); a differential
// part runs both real versions on more inputs, as files, when they are installed.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lineColumn, STRING_SOURCE } from "../../src/parser/ast.js";
import { NixError } from "../../src/errors.js";
import { parseSource } from "../../src/parser/parser.js";
import { printExpr } from "../../src/parser/print.js";
import type { NixVersion } from "../../src/nix-version.js";
import { runCli } from "../support/cli.js";
import { announceSkip, oracle } from "../support/oracle.js";

/** `--parse` output of `src`, or `message @line:column`, and the parser's warnings. */
function parsed(src: string, version: NixVersion = "2.26", features: string[] = []): { out: string; warnings: string[] } {
  const warnings: string[] = [];
  try {
    const e = parseSource({ name: STRING_SOURCE, baseDir: "/tmp", text: src }, { nixVersion: version, home: "/root", experimentalFeatures: features, warn: (m) => warnings.push(m) });
    return { out: printExpr(e, { nixVersion: version }), warnings };
  } catch (e) {
    if (!(e instanceof NixError) || !e.span) throw e;
    const { line, column } = lineColumn(e.span.file, e.span.start);
    return { out: `${e.message} @${line}:${column}`, warnings };
  }
}
const p = (src: string, version: NixVersion = "2.26", features: string[] = []) => parsed(src, version, features).out;

describe("Nix 2.26's --parse layout", () => {
  it.each([
    ["{z,y,x ? 1}: x", "({ x ? 1, y, z }: x)"],
    ["let zz = 1; b = 2; a = 3; in zz", "(let a = 3; b = 2; zz = 1; in zz)"],
    [
      "a: b: {inherit b; inherit (a) z y; inherit a; \"x y\" = 1; inherit (a) \"p q\" x; ${b} = 2; }",
      '(a: (b: { inherit a b; inherit (a) y z; inherit (a) "p q" x; "x y" = 1; "${b}" = 2; }))',
    ],
    ["a: let inherit (a) z y; inherit a; b = 1; in b", "(a: (let inherit a; inherit (a) y z; b = 1; in b))"],
    ["a: rec {inherit (a) z y; inherit a; b = 1; }", "(a: rec { inherit a; inherit (a) y z; b = 1; })"],
    ["x: { inherit (x) a; inherit (x); inherit (x) b; }", "(x: { inherit (x) a; inherit (x) b; })"],
    ["a: { x = { inherit (a) p; }; x = { inherit (a) q; };}", "(a: { x = { inherit (a) p; inherit (a) q; }; })"],
    ["a: {x.y = 1; x = { inherit (a) p; };}", "(a: { x = { inherit (a) p; y = 1; }; })"],
    ['{ "if" = 1; "inherit" = 2; "or" = 3; "$" = 4; "${"a"}" = 5; }', '{ "$" = 4; "if" = 1; "inherit" = 2; or = 3; "${("a")}" = 5; }'],
    ['"$a${"$"}\\${"', '("$a" + "$" + "\\${")'],
    ["x: ''  ${x}''", "(x: (x))"],
    ["x: ''\n  ${x}\n  ${x}''", '(x: (x + "\\n" + x))'],
    ["x: ''\n  ''", '(x: "")'],
    ["{ x.y.z = 1; x = { y.w = 2; }; }", "{ x = { y = { w = 2; z = 1; }; }; }"],
    ['{ x = { a = 1; "${"b"}" = 3; }; x = { "${"c"}" = 2; }; }', '{ x = { a = 1; "${("b")}" = 3; "${("c")}" = 2; }; }'],
  ])("%s", (src, want) => {
    expect(p(src)).toBe(want);
  });

  it("leaves 2.8's layout alone", () => {
    expect(p("{z,y,x ? 1}: x", "2.8")).toBe("({ z, y, x ? 1 }: x)");
    expect(p("x: { inherit (x) a b; inherit c; }", "2.8")).toBe("(x: { a = (x).a; b = (x).b; inherit c ; })");
    expect(p("x: ''  ${x}''", "2.8")).toBe('(x: ("" + x))');
    expect(p('{ "$" = 1; }', "2.8")).toBe('{ "\\$" = 1; }');
  });
});

describe("Nix 2.26's parse errors", () => {
  it.each([
    ["{ x, 1 }: 1", "syntax error, unexpected INT_LIT, expecting ID or ELLIPSIS or '}' @1:6"],
    ["{ x, 1.5 }: 1", "syntax error, unexpected FLOAT_LIT, expecting ID or ELLIPSIS or '}' @1:6"],
    ["{ x, y @ }: 1", "syntax error, unexpected '@', expecting '}' or ',' @1:8"],
    ["{x ? 1 : 1}: 1", "syntax error, unexpected ':', expecting '}' or ',' @1:8"],
    ["{ x = 1; in", "syntax error, unexpected IN_KW, expecting INHERIT @1:10"],
    ["rec { ]", "syntax error, unexpected ']', expecting INHERIT or '}' @1:7"],
    ["let x = 1; }", "syntax error, unexpected '}', expecting IN_KW or INHERIT @1:12"],
    ["x: { } }", "syntax error, unexpected '}', expecting end of file @1:8"],
    ["(", "syntax error, unexpected end of file @1:2"],
    ["( # c", "syntax error, unexpected end of file @1:6"],
    ["(./a${x}", "syntax error, unexpected end of file, expecting ')' @1:8"],
    ["{ a = ./b", "syntax error, unexpected end of file, expecting ';' @1:7"],
    ['"a\\', "syntax error, unexpected end of file, expecting '\"' @1:4"],
    ["{ a = 1; a.b.c = 2; }", "attribute 'a' already defined at «string»:1:3 @1:10"],
    ["{ x = { a.b = 1; }; x = { a.b = 1; }; }", "attribute 'x.a.b' already defined at «string»:1:9 @1:27"],
    ['{ "inherit" = 1; "inherit" = 2; }', "attribute '\"inherit\"' already defined at «string»:1:3 @1:18"],
    ["{ inherit a; inherit a; }", "attribute 'a' already defined at «string»:1:11 @1:22"],
    ["1 |> f", "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it @1:3"],
  ])("%s", (src, want) => {
    expect(p(src).replace(/\u00c2/g, "")).toBe(want);
  });

  it("refuses strings with a raw NUL byte, shown unescaped", () => {
    const nul = "\u00e2\u0090\u0080";
    expect(p('"a\\\\\0b"')).toBe(`input string 'a\\${nul}b' cannot be represented as Nix string because it contains null bytes @1:2`);
    expect(p('"a\0x\\\0b"')).toBe(`input string 'a${nul}x${nul}b' cannot be represented as Nix string because it contains null bytes @1:2`);
    expect(p("''a''\\\0b\0''")).toBe(`input string 'b${nul}' cannot be represented as Nix string because it contains null bytes @1:8`);
  });
});

describe("Nix 2.26's pipe operators", () => {
  const on = ["pipe-operators"];
  it.each([
    ["a |> b |> c", "(c (b a))"],
    ["a <| b <| c", "(a (b c))"],
    ["a + b |> c + d", "((c + d) (a + b))"],
    ["a |> b -> c", "((b -> c) a)"],
    ["a |> f x", "(f x a)"],
    ["a |> (b |> c)", "(c b a)"],
    ["if a then b else c |> d", "(if a then b else (d c))"],
    ["a |> b <| c", "syntax error, unexpected PIPE_FROM, expecting end of file @1:8"],
    ["(a <| b |> c)", "syntax error, unexpected PIPE_INTO, expecting ')' @1:9"],
    ["a |> x: x", "syntax error, unexpected ':', expecting end of file @1:7"],
  ])("%s", (src, want) => {
    expect(p(src, "2.26", on)).toBe(want);
  });

  it("are no tokens in Nix 2.8", () => {
    expect(p("1 |> 2", "2.8", ["pipe-operators"])).toBe("syntax error, unexpected invalid token, expecting end of file @1:3");
  });
});

describe("Nix 2.26's warning about `or` as an identifier", () => {
  const text = (e: string) =>
    "This expression uses `or` as an identifier in a way that will change in a future Nix release.\n" +
    `Wrap this entire expression in parentheses to preserve its current meaning:\n    (${e})\nGive feedback at https://github.com/NixOS/nix/pull/11121`;
  it.each([
    ["f map or", "1:15", "map or"],
    ["[ map   /*c*/ or ]", "1:15", "map   /*c*/ or"],
    ["a.b or map or", "1:20", "map or"],
    ["map or [] or", "1:20", "[] or"],
    ["f (map or) or", "1:15", "(map or) or"],
  ])("%s", (src, at, shown) => {
    const r = parsed(`f: a: b: x: ${src}`);
    expect(r.warnings.map((w) => w.replace(/\u00c2/g, ""))).toEqual([`at «string»:${at}: ${text(shown)}`]);
  });
  it.each(["(map or)", "x: map or", "map or ++ x", "{ a = map or; }", "f (a or) (b or)"])("not for %s", (src) => {
    expect(parsed(`f: a: b: x: ${src}`).warnings).toEqual([]);
  });
});

describe("evaluation of Nix 2.26's sets", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-syntax-226-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (version: NixVersion, expr: string) => runCli(["--nix-version", version, "--eval", "--strict", "-E", expr], dir);

  it("evaluates the source of `inherit (e)` once (Nix 2.8: once per name)", async () => {
    const e = 'let inherit (builtins.trace "used" { a = 1; b = 2; }) a b; in [ a b ({ inherit (builtins.trace "set" { c = 3; d = 4; }) c d; }) ]';
    expect(await run("2.26", e)).toMatchObject({ code: 0, out: "[ 1 2 { c = 3; d = 4; } ]\n", err: "trace: used\ntrace: set\n" });
    expect(await run("2.8", e)).toMatchObject({ code: 0, err: "trace: used\ntrace: used\ntrace: set\ntrace: set\n" });
  });

  it("merges the dynamic attributes of a repeated set (Nix 2.8 drops them)", async () => {
    const e = '{ set = { a = 1; }; set = { "${"b"}" = 2; }; }';
    expect((await run("2.26", e)).out).toBe("{ set = { a = 1; b = 2; }; }\n");
    expect((await run("2.8", e)).out).toBe("{ set = { a = 1; }; }\n");
  });

  it("turns the pipe operators on by setting, and warns of unknown features", async () => {
    const e = "let f = x: x + 1; in 1 |> f";
    expect(await runCli(["--nix-version", "2.26", "--eval", "--extra-experimental-features", "pipe-operators", "-E", e], dir)).toMatchObject({ code: 0, out: "2\n", err: "" });
    expect(await runCli(["--nix-version", "2.26", "--eval", "-E", e], dir, { NIX_CONFIG: "extra-experimental-features = pipe-operators" })).toMatchObject({ code: 0, out: "2\n" });
    const warned = await runCli(["--nix-version", "2.26", "--eval", "-E", "1", "--extra-experimental-features", "baz"], dir, { NIX_CONFIG: "experimental-features = foo nix-command" });
    expect(warned.err).toBe("warning: unknown experimental feature 'foo'\nwarning: unknown experimental feature 'baz'\n");
    expect((await runCli(["--nix-version", "2.8", "--eval", "-E", "1", "--extra-experimental-features", "pipe-operators"], dir)).err).toBe(
      "warning: unknown experimental feature 'pipe-operators'\n",
    );
  });

  it("shows code lines split at \\r as positions count them", async () => {
    const file = path.join(dir, "cr.nix");
    writeFileSync(file, "#a\r\r#b\rinvalid\r\r#c\n", "latin1");
    const r = await runCli(["--nix-version", "2.26", "--eval", file], dir);
    expect(r.err).toBe(`error: undefined variable 'invalid'\n       at ${file}:4:1:\n            3| #b\n            4| invalid\n             | ^\n            5|\n`);
  });
});

// ---- against the real Nix versions --------------------------------------------------------------

const nix226 = oracle("2.26");
const nix28 = oracle("2.8");
const reason = nix226.skipReason() ?? nix28.skipReason();
announceSkip("Nix 2.26 syntax against Nix", reason);

/** Sources run as files with both versions (`2.26`: with Nix 2.26 only), `--parse` and `--eval --strict`. */
const SOURCES: (string | [string, "2.26"])[] = [
  "let x = { a = 1; }; s = rec { x.c = [ ]; inherit (x) c; inherit (y) d; __overrides.y.d = [ ]; }; y.d = 4; in s",
  'let x = 1; in { inherit (builtins.trace "once" { p = 1; q = 2; }) p q; }',
  "builtins.unsafeGetAttrPos \"q\" (let x = { p = 1; q = 2; }; in { inherit (x) p  q; })",
  "let a = 1; in { inherit (a) y   x; }.x",
  "{ inherit (throw \"x\") a; }.a",
  "rec { inherit ({ a = b; }) a; b = 2; }",
  "let z = 1; in with { z = { a = 5; }; }; { inherit (z) a; }",
  "{ a = { inherit ({ c = 2; }) c; }; a = { inherit ({ d = 3; }) d; }; }",
  "{ x = { a = 1; }; x = rec { b = 2; }; }",
  "{ x.a = 1; x = { a = 1; }; }",
  "{ set = { \"${\"\" + \"b\"}\" = 1; }; set = { \"${\"b\" + \"\"}\" = 2; }; }",
  "{ inherit (x); }",
  "rec { inherit a; b = 1; inherit (c) d; }",
  "let or = 1; f = x: x; in [ (f or) f or ]",
  ["''\n  foo\n  \0\n  bar\n''", "2.26"],
  ['"a\\\0b${"x"}c\0"', "2.26"],
  "x: ''\n  ${x}\n  ''\\n\n  ''${x}''",
  "(./a${x}b",
  "{ a = 1;\r  b = c;\r}",
];

describe.skipIf(!!reason)("Nix 2.26's syntax, against Nix 2.26.3 and 2.8.0", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-syntax-oracle-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "/" };
  SOURCES.forEach((source, i) => {
    const [src, only] = typeof source === "string" ? [source, undefined] : source;
    const versions = only ? [only] : (["2.26", "2.8"] as const);
    it.each(versions.flatMap((v) => [[v, "--parse"], [v, "--eval"]] as const))(`${i}: ${JSON.stringify(src).slice(0, 60)} (%s %s)`, async (version, mode) => {
      const file = path.join(dir, `s${i}.nix`);
      writeFileSync(file, src, "latin1");
      const flags = mode === "--eval" ? ["--eval", "--strict"] : ["--parse"];
      const want = (version === "2.26" ? nix226 : nix28).run("nix-instantiate", [...flags, file], { cwd: dir, env });
      const got = await runCli(["--nix-version", version, ...flags, file], dir);
      expect({ code: got.code, out: got.out, err: got.err }).toEqual({ code: want.status, out: String(want.stdout), err: String(want.stderr) });
    });
  });
});
