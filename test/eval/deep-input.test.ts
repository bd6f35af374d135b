// Deep and big input gets Nix's answer: long chains of operations (generated code: `a + b + ...` with
// 20,000 terms) parse, resolve, compile, evaluate and print, and values nested 20,000 deep go
// through ==, toJSON, fromJSON, toXML and toJS; no stage recurses once per level on the JS stack.
// A 67 MB string prints and converts to JSON (char-by-char escaping could not hold it).
// Values and `--parse` output come from the Nix 2.8 oracle.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EvalState, evaluate, toJS } from "../../src/eval/index.js";
import { runCli } from "../support/cli.js";
import { announceSkip, nix28 } from "../support/oracle.js";

const reason = nix28.skipReason();
announceSkip("deep input", reason);

const N = 20_000;
const chain = (op: string, term: (i: number) => string) => Array.from({ length: N }, (_, i) => term(i)).join(` ${op} `);
/** Left-associative chains Nix's parser reduces as it goes (so Nix takes any length). */
const cases = [
  chain("+", (i) => String(i % 10)),
  chain("-", (i) => String(i % 3)),
  chain("*", (i) => (i % 50 === 0 ? "2" : "1")),
  `${chain("+", (i) => `"${i % 10}"`)} == "x"`,
  chain("&&", () => "true"),
  chain("||", (i) => (i === N - 1 ? "true" : "false")),
  `let x = 3; in ${chain("+", () => "x")}`,
  `builtins.stringLength (${chain("+", (i) => `"${String.fromCharCode(97 + (i % 26))}"`)})`,
];

describe.skipIf(reason)("chains of 20,000 operations", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-chains-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("evaluate to Nix's values", () => {
    const want = nix28.evalValues(cases);
    const state = new EvalState();
    const ours = cases.map((c) => toJS(state, state.deepForce(evaluate(c, { state }))));
    expect(ours).toEqual(want);
  });

  it("print with --parse as Nix prints them", async () => {
    const file = path.join(dir, "sum.nix");
    writeFileSync(file, `${cases[1]} < ${cases[0]}\n`);
    const nix = nix28.run("nix-instantiate", ["--parse", file]);
    expect(nix.status).toBe(0);
    const r = await runCli(["--parse", file], dir);
    expect(r.err).toBe("");
    expect(r.out).toBe(nix.stdout);
  });
});

/** Values nested `n` deep: lists in lists, and sets in sets. */
const deepList = (n: number) => `(let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in f ${n})`;
const deepSet = (n: number) => `(let f = n: if n == 0 then { } else { a = f (n - 1); b = n; }; in f ${n})`;
const valueCases = [
  `${deepList(N)} == ${deepList(N)}`,
  `${deepList(N)} == ${deepList(N - 1)}`,
  `${deepSet(N)} == ${deepSet(N)}`,
  `builtins.stringLength (builtins.toJSON ${deepList(N)})`,
  `builtins.hashString "sha256" (builtins.toJSON ${deepSet(N)})`,
  `builtins.length (builtins.fromJSON (builtins.toJSON ${deepList(N)}))`,
  `(builtins.fromJSON (builtins.toJSON ${deepSet(N)})).b`,
  // toXML indents every level, so its output grows with the square of the depth.
  `builtins.hashString "sha256" (builtins.toXML ${deepSet(1500)})`,
];

describe.skipIf(reason)("values nested 20,000 deep", () => {
  it("compare and convert to Nix's values", () => {
    const want = nix28.evalValues(valueCases);
    const state = new EvalState();
    const ours = valueCases.map((c) => toJS(state, state.deepForce(evaluate(c, { state }))));
    expect(ours).toEqual(want);
  });

  it("convert to JS", () => {
    const state = new EvalState();
    let v = toJS(state, evaluate(deepList(N), { state })) as unknown[];
    let depth = 0;
    for (; v.length > 0; v = v[0] as unknown[]) depth++;
    expect(depth).toBe(N);
  });
});

describe.skipIf(reason)("a 67 MB string", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-big-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const big = (piece: string) => `builtins.concatStringsSep "" (builtins.genList (i: ${piece}) 1050000)`;

  it("prints and converts as in Nix", { timeout: 120_000 }, async () => {
    const file = path.join(dir, "big.nix");
    writeFileSync(file, `[ (${big('"0123456789abcdef\\"0123456789abcdef0123456789abcdef0123456789abcde\n"')}) ]\n`);
    const nix = nix28.run("nix-instantiate", ["--eval", "--strict", file]);
    expect(nix.status).toBe(0);
    const r = await runCli(["--eval", "--strict", file], dir);
    expect(r.err).toBe("");
    expect(r.out.length).toBe(nix.stdout.length);
    expect(r.out === nix.stdout).toBe(true);
    const json = `builtins.hashString "sha256" (builtins.toJSON (${big('"\\"\\\\\\n${"x"}\\u0001"')}))`;
    const [want] = nix28.evalValues([json]);
    const state = new EvalState();
    expect(toJS(state, evaluate(json, { state }))).toBe(want);
  });
});
