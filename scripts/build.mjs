// The build after `tsc`: inlines chevrotain's one-file build into dist/parser/chevrotain.js (its
// package entry costs 0.4 s of module loading), bundles the CLI into dist/cli/cli-bundle.cjs and
// records V8's code cache for it by running the kernel example once.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const chevrotainFile = path.join(path.dirname(require.resolve("chevrotain")), "../chevrotain.mjs");

/** Resolves `chevrotain` to its one-file ESM build. */
const chevrotainOneFile = {
  name: "chevrotain-one-file",
  setup(build) {
    build.onResolve({ filter: /^chevrotain$/ }, () => ({ path: chevrotainFile }));
  },
};

const common = { bundle: true, platform: "node", target: "node20", sourcemap: true, logLevel: "warning", plugins: [chevrotainOneFile] };

await esbuild.build({
  ...common,
  entryPoints: [path.join(repo, "src/parser/chevrotain.ts")],
  outfile: path.join(repo, "dist/parser/chevrotain.js"),
  format: "esm",
  platform: "neutral",
});

const cli = path.join(repo, "dist/cli/cli-bundle.cjs");
await esbuild.build({
  ...common,
  entryPoints: [path.join(repo, "src/cli/run.ts")],
  outfile: cli,
  format: "cjs",
  // Fewer bytes to read and hash at every start; ASCII only, so the launcher reads it as latin1.
  // NIXTS_READABLE_BUNDLE=1 keeps lines and comments, for profiles that name lines.
  minifyWhitespace: process.env.NIXTS_READABLE_BUNDLE !== "1",
  charset: "ascii",
  // The CLI finds examples/ from its own file.
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__import_meta_url" },
});

// A run of the embedded default compiles what a typical start needs; V8 stores it beside the bundle.
execFileSync(process.execPath, [path.join(repo, "dist/cli/nixts.cjs"), "--show-kernel"], {
  env: { ...process.env, NIXTS_WRITE_CODE_CACHE: "1" },
  stdio: ["ignore", "ignore", "inherit"],
});
