#!/usr/bin/env node
// Regenerates golden expectations from a pinned real Nix (the accept switch): for each X.nix under
// the given folders (default test/golden), runs `nix-instantiate --eval --strict X.nix` from the
// file's folder. Nix 2.8 (the default here) writes X.exp (stdout) or X.err (all of stderr);
// `--nix-version 2.26` writes X.2.26.exp / X.2.26.err only where 2.26 prints otherwise than 2.8.
// Folders named lib/ hold files the cases import. Files named X.json.nix use `--json`, X.xml.nix use `--xml --no-location`, X.lazy.nix omit --strict.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync, rmSync, existsSync, readFileSync } from "node:fs";
import { join, dirname, basename } from "node:path";

// `evalEnv`: what else a version evaluates with (2.26 without a store, as test/support/oracle.ts runs it).
const ORACLES = {
  "2.8": { env: "NIX_ORACLE_2_8", full: "2.8.0", suffix: "", evalEnv: {} },
  "2.26": { env: "NIX_ORACLE_2_26", full: "2.26.3", suffix: ".2.26", evalEnv: { NIX_REMOTE: "dummy://" } },
};
const args = process.argv.slice(2);
let version = "2.8";
const at = args.indexOf("--nix-version");
if (at >= 0) {
  version = args[at + 1];
  args.splice(at, 2);
}
const pinned = ORACLES[version];
if (!pinned) {
  console.error(`accept: --nix-version must be one of ${Object.keys(ORACLES).join(", ")}`);
  process.exit(2);
}
// The pinned oracle of .ci/nix-oracle (or $NIX_ORACLE_2_8 / $NIX_ORACLE_2_26), never the nix-instantiate on PATH.
const nixInstantiate = `${process.env[pinned.env] ?? `/opt/nix-oracle/${pinned.full}/bin`}/nix-instantiate`;
if (!existsSync(nixInstantiate)) {
  console.error(`accept: ${nixInstantiate} not found; run \`bash .ci/nix-oracle ${version} bin\``);
  process.exit(2);
}

const roots = args;
if (roots.length === 0) roots.push("test/golden");
let n = 0;
function walk(d) {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) { if (e !== "lib") walk(p); }
    else if (p.endsWith(".nix")) accept(p);
  }
}
export function flagsFor(file) {
  const flags = ["--eval"];
  if (!file.endsWith(".lazy.nix")) flags.push("--strict");
  if (file.endsWith(".json.nix")) flags.push("--json");
  if (file.endsWith(".xml.nix")) flags.push("--xml", "--no-location");
  return flags;
}
/** Absolute paths under the repository become `@REPO@` so expectations hold in any checkout. */
const repoRoot = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
function portable(text) {
  return text.split(repoRoot).join("@REPO@");
}
/** What Nix prints for `file`: [".exp", stdout] or [".err", all of stderr], repository paths made portable. */
function runNix(file) {
  try {
    const out = execFileSync(nixInstantiate, [...flagsFor(file), basename(file)], {
      cwd: dirname(file), encoding: "latin1", stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, TEST_VAR: "foo", NIX_PATH: "", ...pinned.evalEnv },
    });
    return [".exp", portable(out)];
  } catch (e) {
    // The whole of stderr: message, position, code frame, traces and warnings.
    return [".err", portable(String(e.stderr ?? ""))];
  }
}
const read = (f) => (existsSync(f) ? readFileSync(f, "latin1") : undefined);
function accept(file) {
  const stem = file.slice(0, -4);
  const [ext, text] = runNix(file);
  for (const e of [".exp", ".err"]) if (existsSync(stem + pinned.suffix + e)) rmSync(stem + pinned.suffix + e);
  // Another version's expectation is kept only where it differs from Nix 2.8's.
  if (pinned.suffix !== "" && read(stem + ext) === text) return n++;
  writeFileSync(stem + pinned.suffix + ext, text, "latin1");
  if (pinned.suffix !== "") differ++;
  n++;
}
let differ = 0;
for (const r of roots) {
  if (statSync(r).isDirectory()) walk(r);
  else accept(r);
}
console.log(`accepted ${n} golden cases from nix-instantiate ${pinned.full}` + (pinned.suffix ? `; ${differ} differ from Nix 2.8 and have ${pinned.suffix} expectations` : ""));
