// The parsed command line of the nixts CLI (nix-instantiate's options), shared by the argument
// parser in main.ts and the commands in commands.ts.

/** Parsed command line. */
export interface CliOptions {
  mode: "instantiate" | "eval" | "parse" | "find-file" | "help" | "version";
  strict: boolean;
  json: boolean;
  xml: boolean;
  location: boolean;
  showTrace: boolean;
  expr: boolean;
  readOnly: boolean;
  /** `--add-root PATH` was given (nixts makes no GC root, but Nix's warning goes). */
  addRoot: boolean;
  /** `--no-gc-warning`. */
  noGcWarning: boolean;
  /** `--read-write-mode`: with `--eval`, Nix writes to the store as when instantiating. */
  readWrite: boolean;
  attrPaths: string[];
  args: Array<{ name: string; value: string; isString: boolean }>;
  includes: string[];
  files: string[];
  /** Nix settings in command-line order: `--option NAME VALUE`, `--restrict-eval` (`true`),
   * `--no-pure-eval` (`false`), ... */
  settings: [string, string][];
  /** `--nix-version V` as given (NIXTS_NIX_VERSION applies when absent). */
  nixVersion?: string;
  /** `--trace-verbose` (a flag of Nix 2.26's, not 2.8's). */
  traceVerbose: boolean;
}
