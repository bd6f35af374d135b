#!/usr/bin/env node
// The `nixts` executable: a launcher that runs the one-file CLI bundle (cli-bundle.cjs beside it,
// made by `npm run build`) with V8's code cache (cli-bundle.cjs.cache), so a start compiles almost
// nothing; without a bundle (a plain `tsc` build) it imports the CLI's modules instead. CommonJS,
// because Node starts a CommonJS main a few milliseconds sooner than an ES module.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Script } from "node:vm";

const bundle = join(__dirname, "cli-bundle.cjs");
const cacheFile = bundle + ".cache";

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

const source = readOrUndefined(bundle);
if (source === undefined) {
  void import("./run.js");
} else {
  // The bundle is ASCII (scripts/build.mjs), which latin1 decodes fastest. The same wrapper Node's CommonJS loader puts around a module.
  const wrapped = "(function (exports, require, module, __filename, __dirname) {" + source.toString("latin1") + "\n})";
  const script = new Script(wrapped, { filename: bundle, cachedData: readOrUndefined(cacheFile) });
  // `npm run build` runs the CLI once with this set to record what it compiled.
  if (process.env["NIXTS_WRITE_CODE_CACHE"] === "1") process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
  const bundled = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(bundled.exports, require, bundled, bundle, __dirname);
}
