// Differential suite: thousands of generated builtin calls (arithmetic with 64-bit edge cases,
// bit operations, list and attribute builtins, sort with odd comparators, type checks), each run
// by calling this group's `impl` directly and by real Nix in ONE batched
// `nix-instantiate --eval --strict --json` call: Nix 2.8 for 2.8 mode, Nix 2.26.3 for 2.26 mode
// (whose disagreements not fixed yet are listed in known-failures-2.26.txt). Fixed seeds.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, EvalState } from "../../src/eval/index.js";
import { formatFloat } from "../../src/eval/format.js";
import { NixAttrs, NixFloat, NixPath, NixString, normInt, type Value } from "../../src/eval/value.js";
import type { BuiltinDef } from "../../src/eval/builtins/types.js";
import { ALL_TABLES, stateWithGroup } from "./harness.js";
import { NIX_VERSIONS, oracle, nixString as nixStr, type NixVersion } from "../support/oracle.js";
import { KnownPatterns, listedFailures } from "../support/known-failures.js";
import { JsonFloat, parseJson, type Json } from "../support/nix-json.js";

/** Nix 2.8's outcomes: one batch that must succeed as a whole. */
const evalNixList28 = (source: string): Json[] => parseJson(oracle("2.8").evalJsonText(source, 120_000)) as Json[];

/** A case Nix failed on, with its message. */
class NixFailure {
  constructor(readonly error: string) {}
}

/** Nix 2.26's outcomes, each case on its own: its JSON, or its error when it fails. */
async function evalNixList226(exprs: readonly string[]): Promise<Array<Json | NixFailure>> {
  const r = await oracle("2.26").evalEach(exprs, { byteSafe: true, parse: (t) => parseJson(t) as Json[], float: (t) => new JsonFloat(t) });
  return r.map((x) => (x.error === undefined ? (x.value as Json) : new NixFailure(x.error)));
}

const SEED = 0x2008_b17;
const TIMEOUT = 180_000;

/** An argument: its Nix source and the same value for nixts. */
interface Arg {
  src: string;
  val: Value;
}

interface Case {
  builtin: string;
  args: Arg[];
}

/** This group's definitions of a version, by name. */
function defsOf(version: NixVersion): Map<string, BuiltinDef> {
  const m = new Map<string, BuiltinDef>();
  for (const t of Object.values(ALL_TABLES)) for (const d of t) if (d.versions === undefined || d.versions.includes(version)) m.set(d.name, d);
  return m;
}
let defs = defsOf("2.8");
/** The version under test: how floats are printed, which definitions run. */
let version: NixVersion = "2.8";

let state: EvalState;
const lambdaCache = new Map<string, Value>();
/** A function argument: evaluated by nixts once (in the state with this group's builtins). */
function fn(src: string): Arg {
  let v = lambdaCache.get(src);
  if (v === undefined) {
    v = evaluate(src, { state });
    lambdaCache.set(src, v);
  }
  return { src: `(${src})`, val: v };
}

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

function intSrc(b: bigint): string {
  if (b >= 0n) return b.toString();
  if (b === MIN) return "(-9223372036854775807 - 1)";
  return `(-${(-b).toString()})`;
}

function floatSrc(x: number): string {
  if (x === 0) return "0.0";
  let e = Math.abs(x).toExponential();
  if (!e.includes(".")) e = e.replace("e", ".e");
  return x < 0 ? `(-${e})` : e;
}

const edgeInts = [0n, 1n, -1n, 2n, 3n, 7n, -7n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n,
  -(2n ** 53n) - 1n, 2n ** 62n, MAX, MIN, MAX - 1n, MIN + 1n, 4294967295n, 0x5555555555555555n, -0x5555555555555555n];

const bigintArb = fc.oneof(
  fc.constantFrom(...edgeInts),
  fc.bigInt({ min: MIN, max: MAX }),
  fc.bigInt({ min: -1000n, max: 1000n }),
  fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
);
const intArb: fc.Arbitrary<Arg> = bigintArb.map((b) => ({ src: intSrc(b), val: normInt(b) }));
const smallIntArb: fc.Arbitrary<Arg> = fc.bigInt({ min: -50n, max: 50n }).map((b) => ({ src: intSrc(b), val: normInt(b) }));
const floatArb: fc.Arbitrary<Arg> = fc
  .oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.integer({ min: -2000, max: 2000 }).map((i) => i / 4),
    fc.constantFrom(0.5, -0.5, 1.5, Number("9223372036854775807"), Number("-9223372036854775808"), Number("9007199254740993"), 1e300, -1e300, 2 ** 63, 2 ** 62 + 2048),
  )
  // Nix 2.8 rejects subnormal literals ("invalid float"); -0.0 cannot be written as a literal.
  .filter((x) => !Object.is(x, -0) && (x === 0 || Math.abs(x) >= 2.2250738585072014e-308))
  .map((x) => ({ src: floatSrc(x), val: new NixFloat(x) }));
const numArb = fc.oneof({ arbitrary: intArb, weight: 3 }, { arbitrary: floatArb, weight: 1 });

const CHARS = ["a", "b", "A", "_", "1", "-", " ", "\xe9", "\xff", '"', "\\", "$", "{", "\n", "z"];
const strRaw = fc.array(fc.constantFrom(...CHARS), { maxLength: 5 }).map((a) => a.join(""));
const strArb: fc.Arbitrary<Arg> = strRaw.map((s) => ({ src: nixStr(s), val: s }));
const keyRaw = fc.constantFrom("a", "b", "c", "A", "_x", "1", "", "b-c", "\xe9", "zz");

function listOf(a: fc.Arbitrary<Arg>, maxLength = 8): fc.Arbitrary<Arg> {
  return fc.array(a, { maxLength }).map((xs) => ({ src: `[ ${xs.map((x) => x.src).join(" ")} ]`, val: xs.map((x) => x.val) }));
}

function setOf(a: fc.Arbitrary<Arg>, maxKeys = 5): fc.Arbitrary<Arg> {
  return fc.uniqueArray(fc.tuple(keyRaw, a), { maxLength: maxKeys, selector: (e) => e[0] }).map((es) => ({
    src: `{ ${es.map(([k, v]) => `${nixStr(k)} = ${v.src};`).join(" ")} }`,
    val: new NixAttrs(new Map(es.map(([k, v]) => [k, v.val]))),
  }));
}

const { value: valueArb } = fc.letrec<{ value: Arg }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    intArb,
    floatArb,
    strArb,
    fc.constantFrom<Arg>({ src: "true", val: true }, { src: "false", val: false }, { src: "null", val: null }),
    listOf(tie("value"), 4),
    setOf(tie("value"), 4),
  ),
}));

const sortable = fc.oneof(listOf(numArb, 60), listOf(strArb, 40), listOf(listOf(smallIntArb, 3), 20), listOf(smallIntArb, 60));
const INT_CMPS = ["builtins.lessThan", "a: b: a < b", "a: b: a <= b", "a: b: a > b", "a: b: true", "a: b: false",
  "a: b: builtins.bitAnd (builtins.bitXor a b) 1 == 1", "a: b: builtins.div a 3 < builtins.div b 3"];
const ANY_CMPS = ["builtins.lessThan", "a: b: a < b", "a: b: a > b", "a: b: true", "a: b: false", "a: b: a == b"];
const PREDS = ["x: x > 0", "x: builtins.bitAnd x 1 == 0", "x: true", "x: false"];
const MAPS = ["x: x * 3", "x: [ x ]", "x: builtins.typeOf x"];
const GROUPS = ['x: if x > 0 then "pos" else "neg"', 'x: builtins.elemAt [ "a" "b" "c" "d" ] (builtins.bitAnd x 3)'];
const CONCATS = ["x: [ x x ]", "x: [ ]", "x: builtins.genList (i: i + x) (builtins.bitAnd x 3)"];
const FOLDS = ["a: b: a + b", "a: b: if a < b then b else a", "a: b: a * 31 + b", "a: b: [ a b ]"];
const OPERATORS = [
  "x: if x.key > 0 && x.key < 60 then [ { key = builtins.div x.key 2; } { key = x.key - 3; v = x.key; } ] else [ ]",
  "x: if x.key >= 0 && x.key < 40 then [ { key = x.key * 2; } { key = x.key + 5; } ] else [ ]",
];

function caseArb(): fc.Arbitrary<Case> {
  const c = (builtin: string, ...args: fc.Arbitrary<Arg>[]) => fc.tuple(...args).map((a) => ({ builtin, args: a }));
  const f = (srcs: string[]) => fc.constantFrom(...srcs).map(fn);
  const nonZero = numArb.filter((a) => !(a.val === 0 || (a.val instanceof NixFloat && a.val.value === 0)));
  const ne = (a: fc.Arbitrary<Arg>) => a.filter((x) => Array.isArray(x.val) && x.val.length > 0);
  const comparable = fc.oneof(fc.tuple(numArb, numArb), fc.tuple(strArb, strArb), fc.tuple(listOf(smallIntArb, 3), listOf(smallIntArb, 3)));
  const keyedSet = setOf(smallIntArb, 6);
  const nameValue = fc.tuple(keyRaw, valueArb).map(([k, v]) => ({ src: `{ name = ${nixStr(k)}; value = ${v.src}; }`, val: new NixAttrs(new Map<string, Value>([["name", k], ["value", v.val]])) }));
  return fc.oneof(
    c("add", numArb, numArb),
    c("sub", numArb, numArb),
    c("mul", numArb, numArb),
    c("div", numArb, nonZero).filter((k) => !(k.args[0]!.val === MIN && k.args[1]!.val === -1)),
    comparable.map(([a, b]) => ({ builtin: "lessThan", args: [a, b] })),
    c("bitAnd", intArb, intArb),
    c("bitOr", intArb, intArb),
    c("bitXor", intArb, intArb),
    c("ceil", numArb),
    c("floor", numArb),
    c("length", listOf(valueArb)),
    c("head", ne(listOf(valueArb))),
    c("tail", ne(listOf(valueArb))),
    ne(listOf(valueArb)).chain((l) =>
      fc.nat({ max: (l.val as Value[]).length - 1 }).map((i) => ({ builtin: "elemAt", args: [l, { src: String(i), val: i }] })),
    ),
    c("elem", valueArb, listOf(valueArb)),
    c("elem", smallIntArb, listOf(numArb)),
    c("concatLists", listOf(listOf(valueArb, 4), 5)),
    listOf(numArb, 60).chain((l) => f(INT_CMPS).map((cmp) => ({ builtin: "sort", args: [cmp, l] }))).filter((k) =>
      // `div`/`bitXor` comparators need ints
      !k.args[0]!.src.includes("builtins.") || k.args[0]!.src === "(builtins.lessThan)" || (k.args[1]!.val as Value[]).every((x) => !(x instanceof NixFloat)),
    ),
    sortable.chain((l) => f(ANY_CMPS).map((cmp) => ({ builtin: "sort", args: [cmp, l] }))),
    c("filter", f(PREDS), listOf(intArb, 20)),
    c("map", f(MAPS), listOf(intArb, 10)),
    c("any", f(PREDS), listOf(intArb, 10)),
    c("all", f(PREDS), listOf(intArb, 10)),
    c("partition", f(PREDS), listOf(intArb, 20)),
    c("groupBy", f(GROUPS), listOf(intArb, 20)),
    c("concatMap", f(CONCATS), listOf(smallIntArb, 10)),
    c("foldl'", f(FOLDS), intArb, listOf(intArb, 10)),
    c("genList", f(["i: i * i", "i: [ i ]"]), fc.nat({ max: 30 }).map((n) => ({ src: String(n), val: n }))),
    c("attrNames", setOf(valueArb, 8)),
    c("attrValues", setOf(valueArb, 8)),
    c("hasAttr", strArb, setOf(valueArb)),
    c("hasAttr", keyRaw.map((k) => ({ src: nixStr(k), val: k })), setOf(valueArb)),
    setOf(valueArb, 6)
      .filter((s) => (s.val as NixAttrs).size > 0)
      .chain((s) => fc.constantFrom(...(s.val as NixAttrs).map.keys()).map((k) => ({ builtin: "getAttr", args: [{ src: nixStr(k), val: k }, s] }))),
    c("removeAttrs", setOf(valueArb, 8), listOf(keyRaw.map((k) => ({ src: nixStr(k), val: k })), 5)),
    c("listToAttrs", listOf(nameValue, 8)),
    c("intersectAttrs", setOf(valueArb, 8), setOf(valueArb, 8)),
    c("catAttrs", keyRaw.map((k) => ({ src: nixStr(k), val: k })), listOf(setOf(smallIntArb, 4), 6)),
    c("mapAttrs", f(["n: v: [ n v ]"]), setOf(valueArb, 6)),
    c("zipAttrsWith", f(["n: vs: vs", "n: vs: [ n (builtins.length vs) ]"]), listOf(setOf(valueArb, 4), 5)),
    fc
      .tuple(listOf(keyedSet.map((s) => s), 0), fc.array(smallIntArb, { minLength: 1, maxLength: 5 }), f(OPERATORS))
      .map(([, keys, op]) => {
        const start = keys.map((k) => ({ src: `{ key = ${k.src}; }`, val: new NixAttrs(new Map([["key", k.val]])) }));
        const set = {
          src: `{ startSet = [ ${start.map((s) => s.src).join(" ")} ]; operator = ${op.src}; }`,
          val: new NixAttrs(new Map<string, Value>([["startSet", start.map((s) => s.val)], ["operator", op.val]])),
        };
        return { builtin: "genericClosure", args: [set] };
      }),
    fc
      .tuple(fc.constantFrom("typeOf", "isAttrs", "isBool", "isFloat", "isFunction", "isInt", "isList", "isNull", "isPath", "isString"), fc.oneof(valueArb, f(["x: x", "{ a, ... }: a", "builtins.add", "builtins.add 1"])))
      .map(([b, v]) => ({ builtin: b, args: [v] })),
  );
}

/** A canonical text for a deeply forced nixts value. */
function canonMine(v: Value): string {
  v = state.force(v);
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "number" || typeof v === "bigint") return "i" + String(v);
  if (v instanceof NixFloat) {
    // Nix 2.26's `--json` prints floats exactly ("153.0"): they compare as numbers.
    if (version !== "2.8") return "f" + String(v.value);
    // Nix 2.8's `--json` prints an integral float like an int ("153"): nested floats compare as
    // printed (top-level float results are checked exactly, see nixExpr).
    const t = formatFloat(v.value);
    return /^-?[0-9]+$/.test(t) ? "i" + t : "f" + t;
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof NixString) return JSON.stringify(v.s);
  if (v instanceof NixPath) return "p" + v.path;
  if (Array.isArray(v)) return "[" + v.map(canonMine).join(",") + "]";
  if (v instanceof NixAttrs) return "{" + v.sortedKeys().map((k) => JSON.stringify(k) + ":" + canonMine(v.map.get(k)!)).join(",") + "}";
  return "?" + String(v);
}

/** The same canonical text for Nix's JSON (or, from Nix 2.26, the error of a case that failed). */
function canonNix(j: Json | NixFailure): string {
  if (j === null || typeof j === "boolean") return String(j);
  if (typeof j === "bigint") return "i" + String(j);
  if (j instanceof JsonFloat) return "f" + (version === "2.8" ? j.text : String(j.text === "inf" ? Infinity : j.text === "-inf" ? -Infinity : Number(j.text)));
  if (j instanceof NixFailure) return `error: ${j.error}`;
  if (typeof j === "string") return JSON.stringify(j);
  if (Array.isArray(j)) return "[" + j.map(canonNix).join(",") + "]";
  const o = j as { [k: string]: Json };
  return "{" + Object.keys(o).sort().map((k) => JSON.stringify(k) + ":" + canonNix(o[k]!)).join(",") + "}";
}

/** Runs a case with this group's impl: its canonical result, and the float when it is one. */
function runMine(k: Case): { canon: string; float?: number } {
  const d = defs.get(k.builtin)!;
  if (!("impl" in d)) throw new Error("constant");
  try {
    const r = state.deepForce(d.impl(k.args.map((a) => a.val), state));
    return r instanceof NixFloat ? { canon: canonMine(r), float: r.value } : { canon: canonMine(r) };
  } catch (e) {
    return { canon: `error: ${(e as Error).message}` };
  }
}

/** The Nix expression for a case. `--json` prints floats with six digits only, so a float result
 * is checked exactly on the Nix side: it becomes "exact" when it equals nixts's result. */
function nixExpr(k: Case, float: number | undefined): string {
  const call = `(builtins.${k.builtin} ${k.args.map((a) => a.src).join(" ")})`;
  if (float === undefined || !Number.isFinite(float) || (float !== 0 && Math.abs(float) < 2.2250738585072014e-308)) return call;
  return `(let r = ${call}; in if builtins.isFloat r && r == ${floatSrc(float)} then "exact" else r)`;
}

for (const v of NIX_VERSIONS) {
  const skipReason = oracle(v).skipReason();
  const known = new KnownPatterns(v === "2.8" ? new Set() : listedFailures(`test/builtins-b/known-failures-${v}.txt`));
  /** Every disagreement of the batch (expression → both outcomes), once it has run. */
  let disagreements: Map<string, string> | undefined;

  describe.skipIf(skipReason !== undefined)(`differential against Nix ${v}`, () => {
    it(
      "agrees on every generated call",
      async () => {
        version = v;
        defs = defsOf(v);
        state = stateWithGroup(undefined, v);
        lambdaCache.clear();
        const cases = fc.sample(caseArb(), { numRuns: 6000, seed: SEED });
        const mine = cases.map(runMine);
        const exprs = cases.map((k, i) => nixExpr(k, mine[i]!.float));
        const nix = v === "2.8" ? evalNixList28("[\n" + exprs.join("\n") + "\n]\n") : await evalNixList226(exprs);
        expect(nix.length).toBe(cases.length);
        const bad: string[] = [];
        const differ = new Map<string, string>();
        const seen = new Map<string, number>();
        cases.forEach((k, i) => {
          seen.set(k.builtin, (seen.get(k.builtin) ?? 0) + 1);
          const m = mine[i]!;
          const ours = nixExpr(k, m.float) === exprs[i] && m.float !== undefined && exprs[i]!.startsWith("(let") ? '"exact"' : m.canon;
          const theirs = canonNix(nix[i]!);
          if (ours !== theirs) {
            bad.push(`${exprs[i]}\n  nixts: ${m.canon}\n  nix:   ${theirs}`);
            differ.set(exprs[i]!, `  nixts: ${m.canon}\n  nix:   ${theirs}`);
          }
        });
        disagreements = differ;
        const exact = exprs.filter((e) => e.startsWith("(let r =")).length;
        console.log(
          `[builtins-b] differential against Nix ${v}: ${cases.length} calls of ${seen.size} builtins (${exact} float results checked exactly), ` +
            `${bad.length} disagreements\n  ` + [...seen].map(([b, n]) => `${b}:${n}`).join(" "),
        );
        expect(v === "2.8" ? bad.slice(0, 10).join("\n") : known.unlisted(differ).slice(0, 10).join("\n")).toBe("");
      },
      TIMEOUT,
    );

    // Each listed pattern: an expected failure while nixts still disagrees on a case it matches.
    known.declare(() => disagreements);
  });

  if (skipReason !== undefined) {
    const reason = skipReason;
    describe(`differential against Nix ${v}`, () => {
      it.skip(reason, () => {});
    });
  }
}
