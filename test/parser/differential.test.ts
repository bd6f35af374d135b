// Differential test: for every .nix file of Nix 2.8's tests/lang, the shared corpus and the
// benchmarks, nixts's printExpr(parse(file)) must equal `nix-instantiate --parse FILE` (up to the
// order of lambda formals and let bindings, which Nix prints by symbol address). Files Nix
// rejects must be rejected by nixts with a NixParseError with the same message and position.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NixParseError } from "../../src/errors.js";
import { lineColumn } from "../../src/parser/ast.js";
import { parseAndResolve, printExpr } from "../../src/parser/index.js";
import { BUILTIN_SYMBOL_ORDER, SymbolOrder } from "../../src/eval/symbols.js";
import { langTestsDir, nixFiles, normalisePrinted, oracleParse, pool, sharedDir, type OracleResult } from "./oracle.js";
import { announceSkip, nix28 } from "../support/oracle.js";

const files = [
  ...nixFiles(langTestsDir, false),
  ...nixFiles(path.join(sharedDir, "corpus")),
  ...nixFiles(path.join(sharedDir, "bench"), false),
];
// It compares Nix 2.8's tests/lang and the corpora in ../shared: outside CI, without them it skips.
const reason = nix28.skipReason({ langTests: true, shared: true });
announceSkip("differential parser", reason);

const describeNix = reason === undefined ? describe : describe.skip;

describeNix("differential: printExpr(parse(f)) == nix-instantiate --parse f", () => {
  const oracle = new Map<string, OracleResult>();
  const counts = { files: 0, equal: 0, bothFail: 0, differ: 0, exactInSymbolOrder: 0 };

  beforeAll(async () => {
    const res = await pool(files, 4, oracleParse);
    files.forEach((f, i) => oracle.set(f, res[i]!));
  }, 600_000);

  it("has files to compare", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  for (const file of files) {
    const rel = path.relative(path.dirname(sharedDir), file);
    it(rel, () => {
      const o = oracle.get(file)!;
      const text = readFileSync(file, "latin1");
      counts.files++;
      let mine: string | undefined;
      let error: unknown;
      try {
        const ast = parseAndResolve(text, { name: file, baseDir: path.dirname(file), home: process.env["HOME"] });
        mine = printExpr(ast);
        // Also printed as the CLI prints it: formals and let bindings in Nix's symbol order.
        const symbols = new SymbolOrder(BUILTIN_SYMBOL_ORDER);
        symbols.internExpr(ast);
        if (printExpr(ast, { rank: (n) => symbols.rank(n) }) === o.out) counts.exactInSymbolOrder++;
      } catch (e) {
        error = e;
      }
      if (!o.ok) {
        expect(error, `nix failed (${o.err.split("\n")[0]}) but nixts parsed it`).toBeInstanceOf(NixParseError);
        counts.bothFail++;
        // Same message and position as Nix.
        // eslint-disable-next-line no-control-regex -- control bytes are matched on purpose
        const plain = o.err.replace(/\x1b\[[0-9;]*m/g, "");
        const m = /error: (.*)\n\n\s+at [^\n]*?:(\d+):(\d+):/.exec(plain);
        const err = error as NixParseError;
        const lc = lineColumn(err.span!.file, err.span!.start);
        expect(`${err.message} @${lc.line}:${lc.column}`).toBe(m ? `${m[1]} @${m[2]}:${m[3]}` : plain);
        return;
      }
      if (error) throw error;
      if (mine === o.out) {
        counts.equal++;
        return;
      }
      const a = normalisePrinted(mine!);
      const b = normalisePrinted(o.out);
      if (a !== b) counts.differ++;
      else counts.equal++;
      expect(a.length > 2000 ? a.slice(0, 2000) : a).toBe(b.length > 2000 ? b.slice(0, 2000) : b);
      expect(a).toBe(b);
    }, 120_000);
  }

  it("reports counts", () => {
    console.log(`differential parser suite: ${counts.files} files, ${counts.equal} equal, ${counts.bothFail} rejected by both, ${counts.differ} differing; ${counts.exactInSymbolOrder} printed byte for byte when formals and let bindings follow nixts's symbol order`);
  });
});
