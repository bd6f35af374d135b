// Syntax errors of mutated real code read as Nix 2.8's: the same message (its `expecting ...`
// list included) at the same line and column; of several undefined variables, the same one. Mutants of nixpkgs lib files (cut, a token
// inserted, a few bytes deleted) are checked against `nix-instantiate --parse` in one batch (a shell running Nix 600 times).

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
import { announceSkip, nix28, sharedDir } from "../support/oracle.js";
import { nixFiles } from "./oracle.js";

const reason = nix28.skipReason({ shared: true });
announceSkip("syntax errors of mutants", reason);

const TOKENS = ["{", "}", "[", "]", "(", ")", ";", ":", "=", ".", ",", "@", "?", "let", "in", "if", "then", "else", "rec", "inherit", "with", "assert", '"', "''", "${", "+", "//", "++", "==", "->", "or", "x", "1", "./p"];

/** `count` mutants of the corpus files, the same on every run (a fixed seed). */
function mutants(files: string[], count: number): string[] {
  let seed = 4242;
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
    else if (op === 1) out.push(t.slice(0, at) + " " + TOKENS[rnd(TOKENS.length)] + " " + t.slice(at));
    else out.push(t.slice(0, at));
  }
  return out;
}

describe.skipIf(reason)("syntax errors of 600 mutants of nixpkgs lib", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nixts-mutants-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("have Nix's message, expected tokens and position", () => {
    const files = mutants(nixFiles(path.join(sharedDir, "corpus/nixpkgs-lib/lib")), 600).map((text, i) => {
      const file = path.join(dir, `m${i}.nix`);
      writeFileSync(file, text, "latin1");
      return { file, text };
    });
    // One shell runs Nix on every file: the first line of each error and its position.
    const script = `for f in "$@"; do o=$("${nix28.bin("nix-instantiate")}" --parse "$f" 2>&1 >/dev/null); printf '%s\\t%s\\n' "$(printf '%s' "$o" | head -n 1)" "$(printf '%s' "$o" | grep -m1 -oE ':[0-9]+:[0-9]+:$')"; done`;
    const r = spawnSync("bash", ["-c", script, "bash", ...files.map((f) => f.file)], { encoding: "latin1", maxBuffer: 1 << 26 });
    const theirs = r.stdout.split("\n").slice(0, files.length);
    const ours = files.map(({ file, text }) => {
      try {
        // As `nixts --parse` does it: symbols made while parsing, variables bound in their order.
        const ast = parseSource({ name: file, baseDir: dir, text });
        const symbols = new SymbolOrder(BUILTIN_SYMBOL_ORDER);
        symbols.internExpr(ast);
        resolveScopes(ast, undefined, (n) => symbols.rank(n));
        return "\t";
      } catch (e) {
        if (!(e instanceof NixError)) throw e;
        const at = e.span ? lineColumn(e.span.file, e.span.start) : undefined;
        return `error: ${e.message.split("\n")[0]}\t${at ? `:${at.line}:${at.column}:` : ""}`;
      }
    });
    const syntax = theirs.filter((l) => l.includes("syntax error")).length;
    expect(syntax).toBeGreaterThan(300);
    const differ = ours.map((o, i) => [files[i]!.file, o, theirs[i]] as const).filter(([, o, t]) => o !== t);
    expect(differ.slice(0, 5)).toEqual([]);
  });
});
