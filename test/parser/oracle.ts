// Helpers for the differential parser tests: locating the corpora, running the Nix 2.8 oracle
// (`nix-instantiate --parse`) concurrently with an on-disk cache keyed by path and content hash,
// and normalising printed output where Nix's order is not reproducible (symbol addresses).

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Expr } from "../../src/parser/ast.js";
import { parse, printExpr } from "../../src/parser/index.js";
import { nix28 } from "../support/oracle.js";

export { repoRoot, sharedDir } from "../support/oracle.js";
export const langTestsDir = nix28.langTestsDir;

/** All `.nix` files under a directory (recursively), sorted. */
export function nixFiles(dir: string, recursive = true): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const ent of readdirSync(dir)) {
    const p = path.join(dir, ent);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (recursive) out.push(...nixFiles(p));
    } else if (ent.endsWith(".nix")) out.push(p);
  }
  return out.sort();
}

/** What the oracle said about one file. */
export interface OracleResult {
  ok: boolean;
  out: string;
  err: string;
}

const cacheDir = path.join(tmpdir(), "nixts-parse-oracle");

/** `nix-instantiate --parse FILE` (latin1 output), cached by file path and content hash. */
export function oracleParse(file: string): Promise<OracleResult> {
  const text = readFileSync(file);
  const key = createHash("sha256").update(file).update("\0").update(text).digest("hex");
  const cached = path.join(cacheDir, key + ".json");
  if (existsSync(cached)) return Promise.resolve(JSON.parse(readFileSync(cached, "utf8")) as OracleResult);
  return new Promise((resolve) => {
    execFile(nix28.bin("nix-instantiate"), ["--parse", file], { encoding: "latin1", maxBuffer: 1 << 30, cwd: path.dirname(file) }, (error, stdout, stderr) => {
      const r: OracleResult = { ok: !error, out: stdout.replace(/\n$/, ""), err: stderr };
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(cached, JSON.stringify(r));
      resolve(r);
    });
  });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const res: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      res[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return res;
}

/** Sorts lambda formals and `let` bindings by name, recursively (a copy for printing). */
export function sortOrderless(e: Expr): Expr {
  const r = (x: Expr): Expr => sortOrderless(x);
  switch (e.kind) {
    case "Lambda":
      return {
        ...e,
        formals: e.formals && {
          ellipsis: e.formals.ellipsis,
          entries: [...e.formals.entries].map((f) => (f.default ? { ...f, default: r(f.default) } : f)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        },
        body: r(e.body),
      };
    case "Let":
      return { ...e, attrs: [...e.attrs].map((a) => ({ ...a, value: r(a.value) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), body: r(e.body) };
    case "Attrs":
      return { ...e, attrs: e.attrs.map((a) => ({ ...a, value: r(a.value) })), dynamic: e.dynamic.map((d) => ({ ...d, nameExpr: r(d.nameExpr), value: r(d.value) })) };
    case "Interpolation":
    case "PathInterpolation":
      return { ...e, parts: e.parts.map(r) };
    case "Select":
      return { ...e, expr: r(e.expr), path: e.path.map((a) => ("expr" in a ? { ...a, expr: r(a.expr) } : a)), default: e.default && r(e.default) } as Expr;
    case "HasAttr":
      return { ...e, expr: r(e.expr), path: e.path.map((a) => ("expr" in a ? { ...a, expr: r(a.expr) } : a)) };
    case "List":
      return { ...e, elems: e.elems.map(r) };
    case "Call":
      return { ...e, fn: r(e.fn), args: e.args.map(r) };
    case "With":
      return { ...e, attrs: r(e.attrs), body: r(e.body) };
    case "If":
      return { ...e, cond: r(e.cond), then: r(e.then), else: r(e.else) };
    case "Assert":
      return { ...e, cond: r(e.cond), body: r(e.body) };
    case "Not":
    case "Negate":
      return { ...e, expr: r(e.expr) };
    case "Binary":
      return { ...e, left: r(e.left), right: r(e.right) };
    default:
      return e;
  }
}

/** Canonical form of printed `--parse` output: re-parsed, formals and let bindings sorted, printed. */
export function normalisePrinted(printed: string): string {
  try {
    // A bare root path prints as `/`, which does not re-parse: spell it `/.` on both sides.
    // Keyword-named attributes print unquoted (`{ assert = 1; }`), which does not re-parse either.
    const text = printed
      .replace(/([ ([])\/(?=[ );\]])/g, "$1/.")
      .replace(/([{;] )(assert|if|then|else|let|in|with|rec|inherit)(?= = )/g, '$1"$2"');
    return printExpr(sortOrderless(parse(text, { name: "«normalise»", baseDir: "/" })));
  } catch {
    return printed;
  }
}
