#!/usr/bin/env node
// `npm run bench`: runs each benchmark case in nixts and in real nix-instantiate in one run (Nix
// 2.8.0, or with --nix-version 2.26 nixts's 2.26 mode against Nix 2.26.3), several times each,
// checks that both print the same result, and prints a table of median wall-clock seconds, the
// ratio nixts/Nix and peak memory (max RSS) of each, each case also run in-process
// (bench/in-process.mjs), nixpkgs lib's modules.sh once, and Node's start-up floor.
// Usage: node bench/run.mjs [--runs N] [--nix-version 2.8|2.26] [case-name ...]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
  { name: "pkgset.nix n=3000", args: ["--eval", "--strict", path.join(shared, "bench/pkgset.nix")], cwd: repo, scale: 3000 },
  { name: "pkgset.nix n=10000", args: ["--eval", "--strict", pkgsetOf(10000)], cwd: repo, scale: 10000 },
  { name: "pkgset.nix n=30000", args: ["--eval", "--strict", pkgsetOf(30000)], cwd: repo, scale: 30000 },
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
// --nix-version 2.26: nixts in 2.26 mode against Nix 2.26.3 (default: 2.8 against Nix 2.8.0).
let nixVersion = "2.8";
const vi = argv.indexOf("--nix-version");
if (vi >= 0) {
  nixVersion = argv[vi + 1];
  argv.splice(vi, 2);
}
const versionArgs = ["--nix-version", nixVersion];
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
const nixBin = nixVersion === "2.26" ? (process.env.NIX_ORACLE_2_26 ?? "/opt/nix-oracle/2.26.3/bin") : (process.env.NIX_ORACLE_2_8 ?? "/opt/nix-oracle/2.8.0/bin");

/** The same case through main() inside one Node process (bench/in-process.mjs): cold and warm seconds. */
function inProcess(c) {
  const r = spawnSync(process.execPath, [path.join(repo, "bench/in-process.mjs"), String(runs), ...versionArgs, ...c.args], { cwd: c.cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) return { cold: NaN, warm: NaN, hash: "", error: (r.stderr || "").trim().split("\n").pop() };
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const rows = [];
for (const c of selected) {
  const t = { nixts: [], nix: [], rssNixts: 0, rssNix: 0, same: true, note: "" };
  for (let i = 0; i < runs; i++) {
    const a = measure([...nixts, ...versionArgs, ...c.args], c.cwd);
    const b = measure([`${nixBin}/nix-instantiate`, ...c.args], c.cwd);
    t.nixts.push(a.secs);
    t.nix.push(b.secs);
    t.rssNixts = Math.max(t.rssNixts, a.rssMb);
    t.rssNix = Math.max(t.rssNix, b.rssMb);
    t.hash = b.hash;
    if (a.code !== 0) t.note = `nixts exit ${a.code}`;
    if (a.hash !== b.hash) {
      t.same = false;
      t.note ||= `outputs differ: nixts ${JSON.stringify(a.head.slice(0, 60))} vs nix ${JSON.stringify(b.head.slice(0, 60))}`;
    }
  }
  const lib = inProcess(c);
  if (lib.hash !== t.hash) {
    t.same = false;
    t.note ||= lib.error ? `in-process: ${lib.error}` : "in-process output differs from Nix's";
  }
  const row = { name: c.name, scale: c.scale, nixts: median(t.nixts), nix: median(t.nix), cold: lib.cold, warm: lib.warm, rssNixts: t.rssNixts, rssNix: t.rssNix, same: t.same, note: t.note };
  rows.push(row);
  console.error(`${c.name}: nixts ${row.nixts.toFixed(2)} s (in-process ${row.warm.toFixed(2)} s), nix ${row.nix.toFixed(2)} s${row.same ? "" : "  (" + row.note + ")"}`);
}

// nixpkgs lib's modules.sh, once each: nixts standing in for nix-instantiate, then Nix itself.
const modulesSh = path.join(corpus, "lib/tests/modules.sh");
if ((argv.length === 0 || argv.some((a) => "modules.sh".includes(a))) && existsSync(modulesSh)) {
  const shim = path.join(repo, "scripts/nixts-as-nix-instantiate");
  const runModules = (binDir) => {
    const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, NIXTS_NODE: process.execPath, NIXTS_NIX_VERSION: nixVersion };
    const t = Date.now();
    const r = spawnSync("python3", [rusageWrapper, "bash", modulesSh], { cwd: corpus, env, encoding: "utf8", maxBuffer: 1 << 30 });
    const rssKb = Number((r.stderr.trim().split("\n").pop() ?? "0 0").split(" ")[1]);
    const out = readFileSync(rusageWrapper + ".out", "utf8");
    const m = /(\d+) Pass\s*\n(\d+) Fail/.exec(out);
    return { secs: (Date.now() - t) / 1000, rssMb: rssKb / 1024, result: m ? `${m[1]} Pass, ${m[2]} Fail` : "no summary" };
  };
  const a = runModules(shim);
  const b = runModules(nixBin);
  const same = a.result === b.result;
  rows.push({ name: "nixpkgs lib modules.sh (1 run)", nixts: a.secs, nix: b.secs, cold: NaN, warm: NaN, rssNixts: a.rssMb, rssNix: b.rssMb, same, note: same ? "" : `nixts ${a.result}, nix ${b.result}` });
  console.error(`modules.sh: nixts ${a.secs.toFixed(1)} s (${a.result}), nix ${b.secs.toFixed(1)} s (${b.result})`);
}

// Node's own floor: what any Node program pays to start.
const floor = median(Array.from({ length: Math.max(runs, 5) }, () => measure([process.execPath, "-e", "0"], repo).secs));

const pad = (s, n) => String(s).padEnd(n);
const num = (x, w, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-").padStart(w);
console.log(`\nnixts --nix-version ${nixVersion} vs nix-instantiate ${nixVersion} (median of ${runs} runs each; in-process: main() in one Node process, first run and median of ${runs} more)\n`);
console.log(`| ${pad("case", 30)} | nixts s | nix s | ratio | in-process s (cold / warm) | warm ratio | nixts MB | nix MB | same result |`);
console.log(`|${"-".repeat(32)}|---------|-------|-------|----------------------------|------------|----------|--------|-------------|`);
for (const r of rows)
  console.log(
    `| ${pad(r.name, 30)} | ${num(r.nixts, 7)} | ${num(r.nix, 5)} | ${num(r.nixts / r.nix, 5)} | ${num(r.cold, 12, 3)} / ${num(r.warm, 11, 3)} | ${num(r.warm / r.nix, 10)} | ${num(r.rssNixts, 8, 0)} | ${num(r.rssNix, 6, 0)} | ${r.same ? "yes" : "NO: " + r.note} |`,
  );
const ratios = rows.map((r) => r.nixts / r.nix).filter(Number.isFinite);
console.log(`\ngeometric mean of the ratios: ${Math.exp(ratios.reduce((a, x) => a + Math.log(x), 0) / ratios.length).toFixed(2)} (${ratios.length} cases)`);
const startup = rows.find((r) => r.name.startsWith("start-up"));
if (startup) console.log(`start-up: ${startup.nixts.toFixed(3)} s = ${(startup.nixts / floor).toFixed(2)} x node -e 0 (${floor.toFixed(3)} s)`);
const scale = rows.filter((r) => r.scale);
if (scale.length > 1)
  console.log(`pkgset scale series, ms per 1000 packages: ${scale.map((r) => `n=${r.scale}: nixts ${((r.nixts * 1000) / (r.scale / 1000)).toFixed(0)}, nix ${((r.nix * 1000) / (r.scale / 1000)).toFixed(0)}`).join("; ")}`);
process.exitCode = rows.every((r) => r.same) ? 0 : 1;
