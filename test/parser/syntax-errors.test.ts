// Syntax errors of mutated real code read as Nix's, in each version's mode: the same message (its
// `expecting ...` list included) at the same line and column; of several undefined variables, the
// same one. Mutants of nixpkgs lib files (cut, a token inserted, a few bytes deleted) are checked
// against `nix-instantiate --parse` of Nix 2.8 and 2.26 in one batch each (a shell running Nix
// for each).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lineColumn } from "../../src/parser/ast.js";
import { NixError } from "../../src/errors.js";
import { parseSource } from "../../src/parser/parser.js";
import { resolveScopes } from "../../src/parser/resolve.js";
import { BUILTIN_SYMBOL_ORDER, SymbolOrder } from "../../src/eval/symbols.js";
import { globalScopeOf } from "../../src/parser/global-names.js";
import { announceSkip, oracle, sharedDir } from "../support/oracle.js";
import { nixFiles } from "./oracle.js";
import type { NixVersion } from "../../src/nix-version.js";

const TOKENS = ["{", "}", "[", "]", "(", ")", ";", ":", "=", ".", ",", "@", "?", "let", "in", "if", "then", "else", "rec", "inherit", "with", "assert", '"', "''", "${", "+", "//", "++", "==", "->", "or", "x", "1", "./p"];
/** Tokens Nix 2.26 adds (or reads differently), mixed in for its mutants. */
const TOKENS_2_26 = ["|>", "<|", "1.5", "inherit (x)", "x.y =", "\\", "$"];

/** `count` mutants of the corpus files, the same on every run (a fixed seed). */
function mutants(files: string[], count: number, tokens: readonly string[], seed: number): string[] {
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const t = readFileSync(files[rnd(files.length)]!, "latin1");
    const at = rnd(t.length);
    const op = rnd(3);
    if (op === 0) out.push(t.slice(0, at) + t.slice(at + 1 + rnd(4)));
    else if (op === 1) out.push(t.slice(0, at) + " " + tokens[rnd(tokens.length)] + " " + t.slice(at));
    else out.push(t.slice(0, at));
  }
  return out;
}

/** Each version: its mutants (of the nixpkgs lib of its time), their tokens and seed. */
const RUNS: readonly { version: NixVersion; corpus: string; tokens: readonly string[]; seed: number; count: number }[] = [
  { version: "2.8", corpus: "corpus/nixpkgs-lib/lib", tokens: TOKENS, seed: 4242, count: 600 },
  { version: "2.26", corpus: "corpus/nixpkgs-lib-2026/lib", tokens: [...TOKENS, ...TOKENS_2_26], seed: 2626, count: 400 },
];

describe.each(RUNS)("syntax errors of $count mutants of nixpkgs lib, Nix $version", ({ version, corpus, tokens, seed, count }) => {
  const nix = oracle(version);
  const reason = nix.skipReason({ shared: true });
  announceSkip(`syntax errors of mutants (Nix ${version})`, reason);
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-mutants-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(reason)("have Nix's message, expected tokens and position", () => {
    const files = mutants(nixFiles(path.join(sharedDir, corpus)), count, tokens, seed).map((text, i) => {
      const file = path.join(dir, `m${i}.nix`);
      writeFileSync(file, text, "latin1");
      return { file, text };
    });
    // One shell runs Nix on every file: the first line of each error (after any warnings) and its position.
    const script = `for f in "$@"; do o=$("${nix.bin("nix-instantiate")}" --parse "$f" 2>&1 >/dev/null); printf '%s\\t%s\\n' "$(printf '%s' "$o" | grep -m1 '^error')" "$(printf '%s' "$o" | grep -m1 -oE ':[0-9]+:[0-9]+:$')"; done`;
    const r = spawnSync("bash", ["-c", script, "bash", ...files.map((f) => f.file)], { encoding: "latin1", maxBuffer: 1 << 26 });
    const theirs = r.stdout.split("\n").slice(0, files.length);
    const ours = files.map(({ file, text }) => {
      try {
        // As `nixts --parse` does it: symbols made while parsing, variables bound in their order.
        const ast = parseSource({ name: file, baseDir: dir, text }, { nixVersion: version });
        const symbols = new SymbolOrder(BUILTIN_SYMBOL_ORDER);
        symbols.internExpr(ast);
        resolveScopes(ast, globalScopeOf(version).globalNames, (n) => symbols.rank(n));
        return "\t";
      } catch (e) {
        if (!(e instanceof NixError)) throw e;
        const at = e.span ? lineColumn(e.span.file, e.span.start) : undefined;
        return `error: ${e.message.split("\n")[0]}\t${at ? `:${at.line}:${at.column}:` : ""}`;
      }
    });
    const syntax = theirs.filter((l) => l.includes("syntax error")).length;
    expect(syntax).toBeGreaterThan(count / 2);
    const differ = ours.map((o, i) => [files[i]!.file, o, theirs[i]] as const).filter(([, o, t]) => o !== t);
    expect(differ.slice(0, 5)).toEqual([]);
  });
});
