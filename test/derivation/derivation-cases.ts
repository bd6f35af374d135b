// The Nix expressions whose derivations the oracle test instantiates with both Nix 2.8 and
// nixts. Each evaluates to a derivation within the prelude of {@link prelude}; fixture paths
// come from fixtures.ts.

import type { Fixture } from "./fixtures.js";

/** Hashes of the string "nixts", in every encoding, as printed by Nix 2.8. */
export const H = {
  md5: "fa518c5234b838b953fd099700623ed3",
  sha1: "d5dda5f9e10301a968dadba24efefcf11cbd7e5e",
  sha1b32: "brzbs77izkz4x8nvv9laj083w7wsbpfm",
  sha1sri: "sha1-1d2l+eEDAalo2tuiTv788Ry9fl4=",
  sha256: "9417f37574e2081f5236b85569741d599b93b89d95cd136d94c4fe8d780c612c",
  sha256b32: "0b311iw8vzn4jini7kcmknw976sr3ms6jmdq6r91y272fisz65wl",
  sha256b64: "lBfzdXTiCB9SNrhVaXQdWZuTuJ2VzRNtlMT+jXgMYSw=",
  sha256sri: "sha256-lBfzdXTiCB9SNrhVaXQdWZuTuJ2VzRNtlMT+jXgMYSw=",
  sha512: "d8b2693f24899daaadde10a9c76c4009c5fde14c378f714c0f3c17bc2ffccc33deacbe07f5670f5537ac62b836fcbc3c671c5c6a9c622b441677d314af25b0bf",
  sha512b32: "2zv09dg2k9pf5j45di9qsjw3ikkrg7w6sw65b1pal7ngx87psndwcyczhpvq5rw1x6733rp9khzvi8981ncga8hvsnsm7c94hznkcnq",
  sha512b64: "2LJpPySJnaqt3hCpx2xACcX94Uw3j3FMDzwXvC/8zDPerL4H9WcPVTesYrg2/Lw8ZxxcapxiK0QWd9MUryWwvw==",
  sha512sri: "sha512-2LJpPySJnaqt3hCpx2xACcX94Uw3j3FMDzwXvC/8zDPerL4H9WcPVTesYrg2/Lw8ZxxcapxiK0QWd9MUryWwvw==",
  md5sri: "md5-+lGMUjS4OLlT/QmXAGI+0w==",
};

/** Shared bindings: `mk` (a derivation with defaults) and a few derivations to depend on. */
export function prelude(fx: Fixture): string {
  return `
    mk = args: derivation ({ system = "x86_64-linux"; builder = "/bin/sh"; } // args);
    simple = mk { name = "simple"; };
    multi = mk { name = "multi"; outputs = [ "out" "dev" "lib" ]; };
    fod = mk { name = "fod"; outputHashAlgo = "sha256"; outputHash = "${H.sha256}"; };
    fodRec = mk { name = "fod-rec"; outputHashMode = "recursive"; outputHash = "${H.sha256sri}"; };
    fodTwin = mk { name = "fod"; outputHashAlgo = "sha256"; outputHash = "${H.sha256b32}"; args = [ "different" "builder" "args" ]; };
    txt1 = builtins.toFile "t1" "plain text";
    txt2 = builtins.toFile "t2" "refers to \${txt1}";
    src = ${fx.dir};
    file = ${fx.file};
    script = ${fx.script};
  `;
}

/** One test case: a label and an expression that evaluates to a derivation. */
export interface Case {
  readonly label: string;
  readonly expr: string;
}

/** The derivation cases (at least 40). */
export const cases: readonly Case[] = [
  { label: "simple", expr: `simple` },
  { label: "args", expr: `mk { name = "args"; args = [ "-c" "echo hi > $out" ]; }` },
  {
    label: "args with special characters",
    expr: `mk { name = "args-special"; args = [ "a\\"b" "back\\\\slash" "nl\\nx" "tab\\tx" "cr\\rx" "\\$dollar" "'single'" "" "unicodé ✓" ]; }`,
  },
  { label: "unicode env", expr: `mk { name = "uni"; greeting = "héllo wörld ✓ 日本語"; "clé" = "valeur"; }` },
  {
    label: "coerced env values",
    expr: `mk { name = "coerce"; i = 42; neg = -7; t = true; f = false; n = null; l = [ 1 "a" [ 2 3 ] true null ]; fl = 1.5; }`,
  },
  { label: "__ignoreNulls", expr: `mk { name = "ignore-nulls"; __ignoreNulls = true; n = null; kept = "yes"; }` },
  { label: "env with escapes", expr: `mk { name = "escapes"; v = "q\\"uote \\\\ back\\nnew\\ttab\\rcr"; e = ""; }` },
  { label: "env key order", expr: `mk { name = "keys"; Z = "1"; a = "2"; _x = "3"; "1" = "4"; "10" = "5"; "2" = "6"; "a-b" = "7"; "a.b" = "8"; }` },
  { label: "multiple outputs", expr: `multi` },
  { label: "outputs in unusual order", expr: `mk { name = "order"; outputs = [ "lib" "out" "bin" "dev" ]; }` },
  { label: "outputs without out", expr: `mk { name = "no-out"; outputs = [ "bin" "doc" ]; }` },
  {
    label: "placeholders",
    expr: `mk { name = "ph"; outputs = [ "out" "dev" ]; p = builtins.placeholder "out"; d = builtins.placeholder "dev"; args = [ "-c" "echo \${builtins.placeholder "out"}" ]; }`,
  },
  {
    label: "structured attrs",
    expr: `mk { name = "structured"; __structuredAttrs = true; outputs = [ "out" "dev" ]; nested = { a = 1; b = [ true null "x" ]; c = 1.5; }; s = "é\\n"; }`,
  },
  {
    label: "structured attrs fixed-output",
    expr: `mk { name = "structured-fod"; __structuredAttrs = true; outputHashMode = "recursive"; outputHash = "${H.sha256sri}"; }`,
  },
  {
    label: "structured attrs with dependency",
    expr: `mk { name = "structured-dep"; __structuredAttrs = true; dep = simple; devPath = multi.dev; }`,
  },
  { label: "passAsFile", expr: `mk { name = "paf"; passAsFile = [ "big" "other" ]; big = "lots of text\\n"; other = "x"; }` },
  { label: "fixed flat sha256 base16", expr: `fod` },
  { label: "fixed flat sha256 base32", expr: `mk { name = "f-b32"; outputHashAlgo = "sha256"; outputHash = "${H.sha256b32}"; }` },
  { label: "fixed flat sha256 base64", expr: `mk { name = "f-b64"; outputHashAlgo = "sha256"; outputHash = "${H.sha256b64}"; }` },
  { label: "fixed flat sha256 SRI", expr: `mk { name = "f-sri"; outputHash = "${H.sha256sri}"; }` },
  { label: "fixed flat sha256 SRI with algo", expr: `mk { name = "f-sri2"; outputHashAlgo = "sha256"; outputHash = "${H.sha256sri}"; outputHashMode = "flat"; }` },
  { label: "fixed flat sha256 prefixed", expr: `mk { name = "f-prefixed"; outputHash = "sha256:${H.sha256b32}"; }` },
  { label: "fixed recursive sha256 base16", expr: `mk { name = "r-b16"; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "${H.sha256}"; }` },
  { label: "fixed recursive sha256 base32", expr: `mk { name = "r-b32"; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "${H.sha256b32}"; }` },
  { label: "fixed recursive sha256 base64", expr: `mk { name = "r-b64"; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputHash = "${H.sha256b64}"; }` },
  { label: "fixed recursive sha256 SRI", expr: `fodRec` },
  { label: "fixed flat sha1 base16", expr: `mk { name = "sha1-flat"; outputHashAlgo = "sha1"; outputHash = "${H.sha1}"; }` },
  { label: "fixed recursive sha1 base32", expr: `mk { name = "sha1-rec"; outputHashMode = "recursive"; outputHashAlgo = "sha1"; outputHash = "${H.sha1b32}"; }` },
  { label: "fixed flat sha1 SRI", expr: `mk { name = "sha1-sri"; outputHash = "${H.sha1sri}"; }` },
  { label: "fixed flat sha512 SRI", expr: `mk { name = "sha512-sri"; outputHash = "${H.sha512sri}"; }` },
  { label: "fixed recursive sha512 base16", expr: `mk { name = "sha512-rec"; outputHashMode = "recursive"; outputHashAlgo = "sha512"; outputHash = "${H.sha512}"; }` },
  { label: "fixed flat sha512 base32", expr: `mk { name = "sha512-b32"; outputHashAlgo = "sha512"; outputHash = "${H.sha512b32}"; }` },
  { label: "fixed flat sha512 base64", expr: `mk { name = "sha512-b64"; outputHashAlgo = "sha512"; outputHash = "${H.sha512b64}"; }` },
  { label: "fixed flat md5", expr: `mk { name = "md5"; outputHashAlgo = "md5"; outputHash = "${H.md5}"; }` },
  { label: "fixed empty hash", expr: `mk { name = "empty-hash"; outputHashAlgo = "sha256"; outputHash = ""; }` },
  { label: "depends on simple", expr: `mk { name = "dep1"; dep = simple; }` },
  { label: "depends on specific outputs", expr: `mk { name = "dep-outputs"; d = "\${multi.dev}"; l = multi.lib; }` },
  { label: "depends on all outputs of two drvs", expr: `mk { name = "dep-many"; a = multi.out; b = multi.dev; c = multi.lib; s = simple; }` },
  { label: "depends on fixed-output", expr: `mk { name = "dep-fod"; f = fod; r = fodRec; }` },
  { label: "depends on fixed-output twins", expr: `mk { name = "dep-twins"; a = fod; b = fodTwin; }` },
  {
    label: "chain through fixed-output",
    expr: `mk { name = "chain-top"; x = mk { name = "chain-mid"; y = mk { name = "chain-fod"; outputHash = "${H.sha1sri}"; z = simple; }; }; }`,
  },
  { label: "chain of three", expr: `mk { name = "c3"; x = mk { name = "c2"; x = mk { name = "c1"; x = multi.dev; }; }; }` },
  { label: "depends on drvPath", expr: `mk { name = "dep-drvpath"; p = multi.drvPath; }` },
  { label: "depends on structured", expr: `mk { name = "dep-structured"; s = mk { name = "inner-structured"; __structuredAttrs = true; q = 1; }; }` },
  { label: "source directory", expr: `mk { name = "src-dir"; inherit src; }` },
  { label: "source file", expr: `mk { name = "src-file"; f = file; }` },
  { label: "builtins.path with filter", expr: `mk { name = "src-filtered"; s = builtins.path { path = src; name = "filtered"; filter = p: t: t != "symlink"; }; }` },
  { label: "builder is a path", expr: `mk { name = "path-builder"; builder = script; }` },
  { label: "toFile with references", expr: `mk { name = "tofile"; t = txt2; args = [ txt1 ]; }` },
  { label: "everything", expr: `mk { name = "everything"; outputs = [ "out" "man" ]; a = multi.dev; b = fod; c = src; d = txt2; e = builtins.placeholder "man"; }` },
  { label: "allowed name characters", expr: `mk { name = "a+b-c.d_e?f=g"; }` },
  { label: "long name", expr: `mk { name = "${"n".repeat(200)}"; }` },
  { label: "other system and builder", expr: `derivation { name = "other"; system = "aarch64-darwin"; builder = "builtin:buildenv"; }` },
  { label: "discarded context", expr: `mk { name = "discard"; x = builtins.unsafeDiscardStringContext "\${simple}"; }` },
  { label: "name starting with dot", expr: `mk { name = ".hidden"; }` },
];
