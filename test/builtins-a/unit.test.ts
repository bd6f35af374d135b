// Unit tests for the builtins of src/eval/builtins/{strings,regex,json,toml,xml,hashing,
// string-context,versions}.ts, called directly through a fake context. Expected values and
// messages were taken from Nix 2.8 (`nix-instantiate --eval --strict`).

import { describe, expect, test } from "vitest";
import { stringBuiltins } from "../../src/eval/builtins/strings.js";
import { regexBuiltins } from "../../src/eval/builtins/regex.js";
import { jsonBuiltins } from "../../src/eval/builtins/json.js";
import { tomlBuiltins } from "../../src/eval/builtins/toml.js";
import { printXml, xmlBuiltins } from "../../src/eval/builtins/xml.js";
import { hashingBuiltins } from "../../src/eval/builtins/hashing.js";
import { contextBuiltins } from "../../src/eval/builtins/string-context.js";
import { versionBuiltins } from "../../src/eval/builtins/versions.js";
import type { BuiltinDef } from "../../src/eval/builtins/types.js";
import { pureHost } from "../../src/eval/host.js";
import { NixAttrs, NixFloat, NixPath, NixString, PrimOp, type Value } from "../../src/eval/value.js";
import { realCtx, toPlain } from "./real-ctx.js";
import { bytes } from "../support/oracle.js";

const files = new Map([["/data.txt", "hello\nworld\n"]]);
const ctx = realCtx({ ...pureHost, readFile: (p) => files.get(p) ?? "" });
const groups = [
  stringBuiltins,
  regexBuiltins,
  jsonBuiltins,
  tomlBuiltins,
  xmlBuiltins,
  hashingBuiltins,
  contextBuiltins,
  versionBuiltins,
];
const defs = groups.flat();
function call(name: string, ...args: Value[]): Value {
  const def = defs.find((d) => d.name === name) as Extract<BuiltinDef, { impl: unknown }>;
  expect(def.arity).toBe(args.length);
  return def.impl(args, ctx);
}
const plain = (name: string, ...args: Value[]) => toPlain(call(name, ...args));
const attrs = (o: Record<string, Value>) => new NixAttrs(new Map(Object.entries(o)));
const DRV = "/nix/store/5m8i24sbbqqvm6b12yzj90ci2jqh47kl-x.drv";
const OUT = new NixString("/nix/store/g1drgjxlfmdw9zja2l5z4rxqx1kb0761-x", new Set([`!out!${DRV}`]));
const contextOf = (v: Value) => (v instanceof NixString ? [...v.context].sort() : []);

test("tables: unique names, docs, arities", () => {
  for (const version of ["2.8", "2.26"] as const) {
    const names = defs.filter((d) => d.versions === undefined || d.versions.includes(version)).map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    // 23 builtins of Nix 2.8, and convertHash and addDrvOutputDependencies of Nix 2.26, which
    // defines these 23 too (replaceStrings differently).
    expect(names.length).toBe(25);
  }
  for (const d of defs) expect(d.doc.length).toBeGreaterThan(10);
});

describe("strings", () => {
  test("values", () => {
    expect(plain("stringLength", bytes("héllo"))).toBe(6);
    expect(plain("substring", 1, 2, "abcdef")).toBe("bc");
    expect(plain("substring", 0, -1, "abc")).toBe("abc");
    expect(plain("substring", 4294967297, 1, "abc")).toBe("b");
    expect(plain("substring", 1, 4294967296, "abc")).toBe("");
    expect(plain("replaceStrings", [""], ["-"], "cat")).toBe("-c-a-t-");
    expect(plain("replaceStrings", ["a", "ab"], ["1", "2"], "abab")).toBe("1b1b");
    expect(plain("concatStringsSep", ", ", ["a", "b"])).toBe("a, b");
    expect(plain("toString", [1, [2, 3], [], null, true, false, new NixFloat(1.5), "x", [[]]])).toBe(
      "1 2 3  1  1.500000 x ",
    );
    expect(plain("baseNameOf", "/a/b/")).toBe("b");
    expect(plain("dirOf", "a//b")).toBe("a/");
    expect(call("dirOf", new NixPath("/foo/bar"))).toEqual(new NixPath("/foo"));
  });
  test("errors", () => {
    expect(() => call("substring", -1, 2, "abc")).toThrow("negative start position in 'substring'");
    expect(() => call("replaceStrings", ["a"], [], "abc")).toThrow(
      "'from' and 'to' arguments to 'replaceStrings' have different lengths",
    );
    expect(() => call("stringLength", 1)).toThrow("cannot coerce an integer to a string");
    expect(() => call("substring", "a", 2, "abc")).toThrow("value is a string while an integer was expected");
  });
  test("contexts", () => {
    expect(contextOf(call("substring", 100, 1, OUT))).toEqual([`!out!${DRV}`]);
    expect(contextOf(call("replaceStrings", ["a"], [OUT], "xyz"))).toEqual([]);
    expect(contextOf(call("replaceStrings", ["x"], [OUT], "xyz"))).toEqual([`!out!${DRV}`]);
    expect(contextOf(call("concatStringsSep", OUT, []))).toEqual([`!out!${DRV}`]);
    expect(contextOf(call("baseNameOf", OUT))).toEqual([`!out!${DRV}`]);
    expect(contextOf(call("toString", [OUT]))).toEqual([`!out!${DRV}`]);
  });
});

describe("string context", () => {
  test("getContext and friends", () => {
    const s = new NixString("x", new Set([`!out!${DRV}`, `!dev!${DRV}`, `=${DRV}`, "/nix/store/p"]));
    expect(plain("getContext", s)).toEqual({
      [DRV]: { allOutputs: true, outputs: ["dev", "out"] },
      "/nix/store/p": { path: true },
    });
    expect(plain("hasContext", s)).toBe(true);
    expect(call("unsafeDiscardStringContext", s)).toBe("x");
    expect(contextOf(call("unsafeDiscardOutputDependency", new NixString("d", new Set([`=${DRV}`]))))).toEqual([DRV]);
  });
  test("appendContext", () => {
    const r = call("appendContext", "a", attrs({ [DRV]: attrs({ outputs: ["out"], allOutputs: true, path: true }) }));
    expect(contextOf(r)).toEqual([`!out!${DRV}`, DRV, `=${DRV}`].sort());
    expect(() => call("appendContext", "a", attrs({ "/nix/store/x": attrs({}) }))).toThrow(
      `Context key '"/nix/store/x"' is not a store path`,
    );
    expect(() => call("appendContext", "a", attrs({ foo: attrs({}) }))).toThrow("Context key 'foo' is not a store path");
    expect(() => call("appendContext", "a", attrs({ [OUT.s]: attrs({ allOutputs: true }) }))).toThrow(
      `Tried to add all-outputs context of "${OUT.s}", which is not a derivation, to a string`,
    );
    expect(() => call("appendContext", "a", attrs({ [DRV]: attrs({ path: 1 }) }))).toThrow(
      "value is an integer while a Boolean was expected",
    );
  });
});

describe("regex", () => {
  test("match and split", () => {
    expect(plain("match", "(a|ab)(b*)", "ab")).toEqual(["a", "b"]);
    expect(plain("match", "[[:alpha:]]+([[:digit:]]*)", "abc123")).toEqual(["123"]);
    expect(plain("match", bytes("é+"), bytes("éé"))).toBeNull();
    expect(plain("split", "(a|ab)", "xabx")).toEqual(["x", ["ab"], "x"]);
    expect(plain("split", "x*", "axxb")).toEqual(["", [], "a", [], "", [], "b", [], ""]);
    expect(call("split", "Q", OUT)).toEqual([OUT]);
  });
  test("errors", () => {
    for (const re of ["[", "(", "a{2,1}", "*a", "\\d", "[[:word:]]", "[a-b-c]", "a)", "{", "a\\", "[]"])
      expect(() => call("match", re, "a")).toThrow(`invalid regular expression '${re}'`);
    expect(() => call("match", OUT, "a")).toThrow(`is not allowed to refer to a store path (such as '!out!${DRV}')`);
  });
});

describe("json", () => {
  test("toJSON", () => {
    expect(call("toJSON", attrs({ b: [1, new NixFloat(1e-7), null], a: "\"\\\n\u0001/é" }))).toBe(
      '{"a":"\\"\\\\\\n\\u0001/é","b":[1,1e-07,null]}',
    );
    expect(call("toJSON", [attrs({ outPath: "x" }), attrs({ outPath: 1 })])).toBe('["x",1]');
    expect(contextOf(call("toJSON", [OUT]))).toEqual([`!out!${DRV}`]);
    expect(() => call("toJSON", new PrimOp("add", 2, () => null))).toThrow(
      "cannot convert the built-in function 'add' to JSON",
    );
  });
  test("fromJSON", () => {
    expect(plain("fromJSON", '{"a":1,"a":[12345678901234567890,-0,1.0,"\\u00e9\\ud83d\\ude00","x\\u0000y"]}')).toEqual({
      a: [Number("-6101065172474983726"), 0, 1, bytes("é😀"), "x"],
    });
    expect(call("fromJSON", "1.0")).toEqual(new NixFloat(1));
    const errors: Array<[string, string]> = [
      ["[1,2", "parse error at line 1, column 5: syntax error while parsing array - unexpected end of input; expected ']'"],
      ["tru", "column 4: syntax error while parsing value - invalid literal; last read: 'tru'"],
      ["[1,2]x", "column 6: syntax error while parsing value - invalid literal; last read: '2]x'; expected end of input"],
      ['"\\ud83d"', "column 8: syntax error while parsing value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '\"\\ud83d\"'"],
      ['{"a":1,}', "column 8: syntax error while parsing object key - unexpected '}'; expected string literal"],
      ['{"a" 1}', "column 6: syntax error while parsing object separator - unexpected number literal; expected ':'"],
      ["1e+", "column 4: syntax error while parsing value - invalid number; expected digit after exponent sign; last read: '1e+'"],
      ['"a\tb"', "column 3: syntax error while parsing value - invalid string: control character U+0009 (HT) must be escaped to \\u0009 or \\t; last read: '\"a<U+0009>'"],
      ["\n\n  x", "line 3, column 3: syntax error while parsing value - invalid literal; last read: '<U+000A><U+000A>  x'"],
      ['"\xff"', "column 2: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"\xff'"],
      ["", "column 1: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal"],
      ["1e400", "[json.exception.out_of_range.406] number overflow parsing '1e400'"],
    ];
    for (const [text, msg] of errors) expect(() => call("fromJSON", text)).toThrow(msg);
  });
});

describe("toml", () => {
  test("values", () => {
    expect(plain("fromTOML", 'a = 9223372036854775808\nb = 1.0\nc = [1, "x"]\n[t]\nx.y = 1\n')).toEqual({
      a: Number("9223372036854775807"),
      b: 1,
      c: [1, "x"],
      t: { x: { y: 1 } },
    });
    expect((call("fromTOML", "b = 1.0") as NixAttrs).get("b")).toEqual(new NixFloat(1));
    expect((call("fromTOML", "b = -9223372036854775809") as NixAttrs).get("b")).toBe(-(2n ** 63n));
  });
  test("errors", () => {
    expect(() => call("fromTOML", "a = 1979-05-27")).toThrow("while parsing a TOML string: Dates and times are not supported");
    expect(() => call("fromTOML", "a = ")).toThrow("while parsing a TOML string: ");
  });
});

describe("xml", () => {
  test("printXml", () => {
    const v = attrs({ a: 1, b: "<&\">\n\t", c: [null, true, new NixFloat(1e-7)], d: new PrimOp("add", 2, () => null), e: [] });
    expect(printXml(ctx, v, false)).toBe(
      `<?xml version='1.0' encoding='utf-8'?>
<expr>
  <attrs>
    <attr name="a">
      <int value="1" />
    </attr>
    <attr name="b">
      <string value="&lt;&amp;&quot;&gt;&#xA;\t" />
    </attr>
    <attr name="c">
      <list>
        <null />
        <bool value="true" />
        <float value="1e-07" />
      </list>
    </attr>
    <attr name="d">
      <unevaluated />
    </attr>
    <attr name="e">
      <list>
      </list>
    </attr>
  </attrs>
</expr>
`,
    );
  });
  test("derivations print once per drvPath", () => {
    const d = attrs({ type: "derivation", drvPath: DRV, outPath: OUT.s });
    const out = printXml(ctx, [d, d], false);
    expect(out.match(/<repeated \/>/g)?.length).toBe(1);
    expect(out).toContain(`<derivation drvPath="${DRV}" outPath="${OUT.s}">`);
  });
  test("toXML keeps contexts", () => {
    expect(contextOf(call("toXML", [OUT]))).toEqual([`!out!${DRV}`]);
  });
});

describe("hashing", () => {
  test("hashString and hashFile", () => {
    expect(call("hashString", "md5", "")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(call("hashString", "sha1", "abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(call("hashString", "sha256", bytes("héllo"))).toBe("3c48591d8d098a4538f5e013dfcf406e948eac4d3277b10bf614e295d6068179");
    expect(call("hashFile", "sha256", new NixPath("/data.txt"))).toBe(
      "4a1e67f2fe1d1cc7b31d0ca2ec441da4778203a036a77da10344c85e24ff0f92",
    );
    expect(() => call("hashString", "SHA256", "x")).toThrow("unknown hash algorithm 'SHA256'");
    expect(() => call("hashString", "md5", 1)).toThrow("value is an integer while a string was expected");
  });
});

describe("versions", () => {
  test("wrappers", () => {
    expect(call("compareVersions", "6.1-rc8", "6.1")).toBe(1);
    expect(plain("splitVersion", "1.2pre3")).toEqual(["1", "2", "pre", "3"]);
    expect(plain("parseDrvName", "nix-0.12pre12876")).toEqual({ name: "nix", version: "0.12pre12876" });
    expect(() => call("compareVersions", OUT, "1")).toThrow("is not allowed to refer to a store path");
  });
});
