// Unit tests for lexer quirks, escapes, indented-string stripping, precedence and error positions.
// Every expected string below was produced by Nix 2.8's `nix-instantiate --parse -E '...'`
// (run from /tmp, HOME=/root), not written by hand.

import { describe, expect, it } from "vitest";
import { lineColumn, STRING_SOURCE } from "../../src/parser/ast.js";
import { NixParseError } from "../../src/errors.js";
import { parse, printExpr } from "../../src/parser/index.js";

const p = (src: string) =>
  Buffer.from(printExpr(parse(Buffer.from(src, "utf8").toString("latin1"), { name: STRING_SOURCE, baseDir: "/tmp", home: "/root" })), "latin1").toString("utf8");
const fail = (src: string) => {
  try {
    p(src);
  } catch (e) {
    expect(e).toBeInstanceOf(NixParseError);
    const err = e as NixParseError;
    const { line, column } = lineColumn(err.span!.file, err.span!.start);
    return `${err.message} @${line}:${column}`;
  }
  throw new Error(`expected a parse error for ${src}`);
};

describe("oracle-checked parses", () => {
  const cases: [string, string][] = [
    ["a ? b ? c", "((((a) ? b)) ? c)"],
    ["!a + b", "(! (a + b))"],
    ["a * !b + c", "(__mul a (! (b + c)))"],
    ["-a ? b", "(((__sub 0 a)) ? b)"],
    ["- f x", "(__sub 0 (f x))"],
    ["a.b or c", "(a).b or (c)"],
    ["./a/${x}/b", '(/tmp/a/ + x + "/b")'],
    ["/${x}", "(/ + x)"],
    ["~/a/${x}", "(/root/a/ + x)"],
    ["~/a/../b", "/root/a/../b"],
    ['"a${b}c"', '("a" + b + "c")'],
    ['"${b}"', "(b)"],
    ["{ inherit (s) p q; inherit r; }", "{ p = (s).p; q = (s).q; inherit r ; }"],
    ["a -> b || c && d == e < f // g + h * i ++ j ? k", "(a -> (b || (c && (d == (__lessThan e (f // (g + (__mul h (i ++ ((j) ? k))))))))))"],
    ["a > b", "(__lessThan b a)"],
    ["a <= b", "(! (__lessThan b a))"],
    ["a >= b", "(! (__lessThan a b))"],
    ["a - b - c", "(__sub (__sub a b) c)"],
    ["a -> b -> c", "(a -> (b -> c))"],
    ["a // b ++ c", "(a // (b ++ c))"],
    ["!a // b", "((! a) // b)"],
    ["!a == b", "((! a) == b)"],
    ["(f a) b", "(f a b)"],
    ["a.\"b c\".d", '(a)."b c".d'],
    ["a.${b}.c", '(a)."${b}".c'],
    ["x.or", "(x).or"],
    ["f or", "(f or)"],
    ["x: x.a or x.b or 1", "(x: (x).a or ((x).b or (1)))"],
    ["[ 1 2.5 \"s\" a (f x) (-1) [] {} null ./a ]", '[ (1) (2.5) ("s") (a) ((f x)) ((__sub 0 1)) ([ ]) ({ }) (null) (/tmp/a) ]'],
    ['{ "a b" = 1; "" = 2; "if" = 3; "a-b" = 5; "1a" = 6; "a\\"b" = 7; }', '{ "" = 2; "1a" = 6; "a b" = 1; "a\\"b" = 7; a-b = 5; "if" = 3; }'],
    ["{ a, b ? 1, ... }@x: a", "({ a, b ? 1, ... } @ x: a)"],
    ["{}: 1", "({  }: 1)"],
    ["{...}: 1", "({ ... }: 1)"],
    ["{ a, }: 1", "({ a }: 1)"],
    ["let { body = 1; }", "(rec { body = 1; }).body"],
    ["let ${\"a\"} = 1; in 1", "(let a = 1; in 1)"],
    ["let in 1", "(let in 1)"],
    ["{ inherit; }", "{ }"],
    ["{ a.b = 1; a.c = 2; }", "{ a = { b = 1; c = 2; }; }"],
    ["{ a.c = 2; a = rec { x = 1; }; }", "{ a = { c = 2; x = 1; }; }"],
    ["{ a = rec { x = 1; }; a.c = 2; }", "{ a = rec { c = 2; x = 1; }; }"],
    ["x: { a.b = 1; a = { ${x} = 2; c = 3; }; }", "(x: { a = { b = 1; c = 3; }; })"],
    ["x: { a = { ${x} = 2; c = 3; }; a.b = 1; }", '(x: { a = { b = 1; c = 3; "${x}" = 2; }; })'],
    ["{ ${b}.c = 1; }", '{ "${b}" = { c = 1; }; }'],
    ["<nixpkgs/lib>", '(__findFile __nixPath "nixpkgs/lib")'],
    ["http://x.org/a?b=c", '"http://x.org/a?b=c"'],
    ["__curPos", "__curPos"],
    ["assert a; b", "assert a; b"],
    ["with a; b", "(with a; b)"],
  ];
  for (const [src, want] of cases) it(src, () => expect(p(src)).toBe(want));
});

describe("numbers", () => {
  const cases: [string, string][] = [
    ["1.5", "1.5"], [".5", "0.5"], ["1.e5", "100000"], ["1.0", "1"], ["123456789.0", "1.23457e+08"],
    ["1.5e300", "1.5e+300"], ["1.5e-5", "1.5e-05"], ["100000.0", "100000"], ["1000000.0", "1e+06"],
    ["0.0001", "0.0001"], ["00.5", "(0 0.5)"], ["01.5", "(1 0.5)"], ["1.", "1"],
    ["9223372036854775807", "9223372036854775807"], ["1e5", "(1 e5)"],
  ];
  for (const [src, want] of cases) it(src, () => expect(p(src)).toBe(want));
  it("rejects integers over 2^63-1", () => expect(fail("9223372036854775808")).toBe("invalid integer '9223372036854775808' @1:1"));
});

describe("strings and escapes", () => {
  const cases: [string, string][] = [
    ['"a\\nb\\t\\"\\\\\\$x\\${y}"', '"a\\nb\\t\\"\\\\\\$x\\${y}"'],
    ['"$${x}"', '"\\$\\${x}"'],
    ['"a$"', '"a\\$"'],
    ['"\\r\\t\\n\\x\\a\\\\"', '"\\r\\t\\nxa\\\\"'],
    ['"\\u0001 é"', '"u0001 é"'],
    ['"a\nb"', '"a\\nb"'],
    ['""', '""'],
  ];
  for (const [src, want] of cases) it(src, () => expect(p(src)).toBe(want));
});

describe("indented strings", () => {
  const cases: [string, string][] = [
    ["x: ''  ${x}''", '(x: ("" + x))'],
    ["''a''$b''", '("a" + "\\$" + "b")'],
    ["''\n  a\n   b\n  ''", '"a\\n b\\n"'],
    ["''\n\ta\n  ''", '"\\ta\\n"'],
    ["''''", '""'],
    ["''a'''b''\\nc''", '("a" + "\'\'" + "b" + "\\n" + "c")'],
    ["x: ''\n  ${x}\n    y\n  ''", '(x: ("" + x + "\\n  y\\n"))'],
  ];
  for (const [src, want] of cases) it(JSON.stringify(src), () => expect(p(src)).toBe(want));
});

describe("parse errors (message and position as Nix 2.8)", () => {
  const cases: [string, string][] = [
    ["1 +", "syntax error, unexpected end of file @1:3"],
    ["1 + ", "syntax error, unexpected end of file @1:4"],
    ["1 + # c", "syntax error, unexpected end of file @1:5"],
    ["inherit", "syntax error, unexpected INHERIT @1:1"],
    ["a == b == c", "syntax error, unexpected EQ @1:8"],
    ["[-1]", "syntax error, unexpected '-' @1:2"],
    ["x: ./a ${x}", "syntax error, unexpected DOLLAR_CURLY, expecting end of file @1:8"],
    ["x: ./a/", "path has a trailing slash @1:4"],
    ["./a/ ", "path has a trailing slash @1:5"],
    ["123 é 4", "syntax error, unexpected invalid token, expecting end of file @1:5"],
    ["{ a = 1; \"a\" = 2; }", "attribute 'a' already defined at (string):1:3 @1:10"],
    ["{ a.b = 1; a = 2; }", "attribute 'a' already defined at (string):1:3 @1:12"],
    ["{ a = 2; a.b = 1; }", "attribute 'a.b' already defined at (string):1:3 @1:10"],
    ["{x, y, x}: x", "duplicate formal function argument 'x' @1:8"],
    ["args@{args, x, y, z}: x", "duplicate formal function argument 'args' @1:1"],
    ["let ${\"a\"} = 1; ${toString 1} = 2; in 1", "dynamic attributes not allowed in let @1:1"],
    ["x: { inherit ${x}; }", "dynamic attributes not allowed in inherit @1:14"],
    ["let or = 1; in or", "syntax error, unexpected OR_KW @1:16"],
  ];
  for (const [src, want] of cases) it(src, () => expect(fail(src).replace(/, expecting [^@]*@/, (m) => (want.includes("expecting") ? m : " @"))).toBe(want));
});
