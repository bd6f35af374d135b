#!/usr/bin/env node
// `npm run bench`: runs each benchmark case in nixts and in real nix-instantiate 2.8 in one run,
// several times each, checks that both print the same result, and prints a table of median
// wall-clock seconds, the ratio nixts/Nix and peak memory (max RSS) of each.
// Usage: node bench/run.mjs [--runs N] [case-name ...]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const shared = path.resolve(repo, "../shared");
const nixts = [process.execPath, path.join(repo, "dist/cli/nixts.cjs")];
const corpus = path.join(shared, "corpus/nixpkgs-lib");

/** pkgset.nix at another scale (its `n`), written to a temp file. */
function pkgsetOf(n) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "nixts-bench-pkgset-")), `pkgset-${n}.nix`);
  writeFileSync(file, readFileSync(path.join(shared, "bench/pkgset.nix"), "utf8").replace(/let n = \d+; in/, `let n = ${n}; in`));
  return file;
}

/** Each case: nixts/nix arguments (same flags), working directory. */
const cases = [
  { name: "start-up (--eval -E 1)", args: ["--eval", "-E", "1"], cwd: repo },
  { name: "pkgset.nix n=3000", args: ["--eval", "--strict", path.join(shared, "bench/pkgset.nix")], cwd: repo },
  { name: "pkgset.nix n=30000", args: ["--eval", "--strict", pkgsetOf(30000)], cwd: repo },
  { name: "parse big-parse.nix (15 MB)", args: ["--parse", path.join(shared, "bench/big-parse.nix")], cwd: repo },
  { name: "fib.nix", args: ["--eval", "--strict", path.join(shared, "bench/fib.nix")], cwd: repo },
  { name: "lists.nix", args: ["--eval", "--strict", path.join(shared, "bench/lists.nix")], cwd: repo },
  { name: "attrs.nix", args: ["--eval", "--strict", path.join(shared, "bench/attrs.nix")], cwd: repo },
  { name: "strings.nix", args: ["--eval", "--strict", path.join(shared, "bench/strings.nix")], cwd: repo },
  { name: "nixpkgs lib misc.nix", args: ["--eval", "--strict", "lib/tests/misc.nix"], cwd: corpus },
  { name: "kernel example (instantiate)", args: ["--readonly-mode", path.join(repo, "examples/kernel")], cwd: repo },
];

const argv = process.argv.slice(2);
let runs = 3;
const ri = argv.indexOf("--runs");
if (ri >= 0) {
  runs = Number(argv[ri + 1]);
  argv.splice(ri, 2);
}
const selected = argv.length ? cases.filter((c) => argv.some((a) => c.name.includes(a))) : cases;

const rusageWrapper = path.join(mkdtempSync(path.join(tmpdir(), "nixts-bench-")), "rusage.py");
writeFileSync(
  rusageWrapper,
  "import resource,subprocess,sys,time\nt=time.time()\np=subprocess.run(sys.argv[1:],stdout=open(sys.argv[0]+'.out','wb'),stderr=subprocess.DEVNULL)\nsys.stderr.write('%f %d\\n'%(time.time()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\nsys.exit(p.returncode)\n",
);

/** Runs a command once; returns seconds, peak RSS in MB, exit code and a hash of stdout. */
function measure(cmd, cwd) {
  const outFile = rusageWrapper + ".out";
  const r = spawnSync("python3", [rusageWrapper, ...cmd], { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const [secs, rssKb] = (r.stderr.trim().split("\n").pop() ?? "0 0").split(" ").map(Number);
  const out = readFileSync(outFile);
  return { secs, rssMb: rssKb / 1024, code: r.status, hash: createHash("sha256").update(out).digest("hex"), head: out.subarray(0, 200).toString() };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const c of selected) {
  const t = { nixts: [], nix: [], rssNixts: 0, rssNix: 0, same: true, note: "" };
  for (let i = 0; i < runs; i++) {
    const a = measure([...nixts, ...c.args], c.cwd);
    const b = measure([`${process.env.NIX_ORACLE_2_8 ?? "/opt/nix-oracle/2.8.0/bin"}/nix-instantiate`, ...c.args], c.cwd);
    t.nixts.push(a.secs);
    t.nix.push(b.secs);
    t.rssNixts = Math.max(t.rssNixts, a.rssMb);
    t.rssNix = Math.max(t.rssNix, b.rssMb);
    if (a.code !== 0) t.note = `nixts exit ${a.code}`;
    if (a.hash !== b.hash) {
      t.same = false;
      t.note ||= `outputs differ: nixts ${JSON.stringify(a.head.slice(0, 60))} vs nix ${JSON.stringify(b.head.slice(0, 60))}`;
    }
  }
  const row = { name: c.name, nixts: median(t.nixts), nix: median(t.nix), rssNixts: t.rssNixts, rssNix: t.rssNix, same: t.same, note: t.note };
  rows.push(row);
  console.error(`${c.name}: nixts ${row.nixts.toFixed(2)} s, nix ${row.nix.toFixed(2)} s${row.same ? "" : "  (" + row.note + ")"}`);
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`\nnixts vs nix-instantiate 2.8 (median of ${runs} runs each)\n`);
console.log(`| ${pad("case", 30)} | nixts s | nix s | ratio | nixts MB | nix MB | same result |`);
console.log(`|${"-".repeat(32)}|---------|-------|-------|----------|--------|-------------|`);
for (const r of rows)
  console.log(
    `| ${pad(r.name, 30)} | ${r.nixts.toFixed(2).padStart(7)} | ${r.nix.toFixed(2).padStart(5)} | ${(r.nixts / r.nix).toFixed(2).padStart(5)} | ${r.rssNixts.toFixed(0).padStart(8)} | ${r.rssNix.toFixed(0).padStart(6)} | ${r.same ? "yes" : "NO: " + r.note} |`,
  );
process.exitCode = rows.every((r) => r.same) ? 0 : 1;
