// Nix settings given to the CLI (`--option NAME VALUE`, `--restrict-eval`, `NIX_CONFIG`): the ones
// nixts acts on (restrict-eval, pure-eval, allowed-uris, show-trace, experimental-features, ...),
// the others Nix knows (accepted and ignored), and Nix's warnings for unknown names and bad values.

import type { RestrictOptions } from "../eval/restrictions.js";
import type { NixVersion } from "../nix-version.js";

/** Setting names Nix 2.8 knows besides those nixts acts on (`nix show-config`); `extra-NAME`
 * forms are accepted too. */
const KNOWN = new Set(
  ("accept-flake-config access-tokens allow-dirty allow-import-from-derivation allow-new-privileges allow-symlinked-store " +
    "allow-unsafe-native-code-during-evaluation allowed-impure-host-deps allowed-users auto-optimise-store bash-prompt " +
    "bash-prompt-suffix build-hook build-poll-interval build-users-group builders builders-use-substitutes " +
    "commit-lockfile-summary compress-build-log connect-timeout cores diff-hook download-attempts enforce-determinism " +
    "eval-cache experimental-features extra-platforms fallback filter-syscalls flake-registry fsync-metadata " +
    "gc-reserved-space hashed-mirrors http-connections http2 ignored-acls impersonate-linux-26 keep-build-log " +
    "keep-derivations keep-env-derivations keep-failed keep-going keep-outputs log-lines max-build-log-size max-free " +
    "max-jobs max-silent-time min-free min-free-check-interval nar-buffer-size narinfo-cache-negative-ttl " +
    "narinfo-cache-positive-ttl netrc-file nix-path plugin-files post-build-hook pre-build-hook preallocate-contents " +
    "print-missing repeat require-sigs run-diff-hook sandbox sandbox-build-dir sandbox-dev-shm-size sandbox-fallback " +
    "sandbox-paths secret-key-files show-trace stalled-download-timeout store substitute substituters " +
    "sync-before-registering system system-features tarball-ttl timeout trace-function-calls trusted-public-keys " +
    "trusted-substituters trusted-users use-case-hack use-registries use-sqlite-wal user-agent-suffix warn-dirty").split(" "),
);

/** Settings Nix 2.26 knows that Nix 2.8 did not (besides those nixts acts on). */
const KNOWN_2_26 = new Set(
  ("always-allow-substitutes debugger-on-trace debugger-on-warn download-buffer-size eval-profile-file " +
    "eval-profiler-frequency eval-system lint-url-literals max-call-depth pure-eval trace-import-from-derivation " +
    "use-xdg-base-directories warn-large-path-threshold").split(" "),
);

/** The experimental features each version knows (others are warned about). */
const KNOWN_FEATURES: Readonly<Record<NixVersion, ReadonlySet<string>>> = {
  "2.8": new Set("ca-derivations impure-derivations flakes nix-command recursive-nix no-url-literals fetch-closure".split(" ")),
  "2.26": new Set(
    ("auto-allocate-uids ca-derivations cgroups configurable-impure-env daemon-trust-override dynamic-derivations " +
      "fetch-closure fetch-tree flakes git-hashing impure-derivations local-overlay-store mounted-ssh-store nix-command " +
      "no-url-literals parse-toml-timestamps pipe-operators read-only-local-store recursive-nix verified-fetches").split(" "),
  ),
};

/** Settings nixts acts on that only some versions have. */
const ONLY_IN: Readonly<Record<string, NixVersion>> = { "abort-on-warn": "2.26", "trace-verbose": "2.26", "max-call-depth": "2.26" };

/** What the settings decide for an evaluation. */
export interface EvalSettings extends RestrictOptions {
  readonly restrictEval: boolean;
  readonly pureEval: boolean;
  readonly allowedUris: readonly string[];
  /** `show-trace` (also `--show-trace`): print every trace frame of an error. */
  readonly showTrace: boolean;
  /** `abort-on-warn` (Nix 2.26): a warning from `builtins.warn` ends the evaluation. */
  readonly abortOnWarn: boolean;
  /** `trace-verbose` (Nix 2.26): `builtins.traceVerbose` traces. */
  readonly traceVerbose: boolean;
  /** `max-call-depth` (Nix 2.26), when set. */
  readonly maxCallDepth?: number;
  /** `experimental-features` (and `extra-experimental-features`): the features that are on. */
  readonly experimentalFeatures: readonly string[];
}

/** `name = value` lines of a Nix configuration text (`NIX_CONFIG`); `#` starts a comment. */
export function parseConfigText(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const eq = line.indexOf("=");
    if (eq > 0) out.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return out;
}

/** Applies settings in order (later ones win); unknown names and bad values warn as in Nix. */
export function applySettings(entries: readonly [string, string][], warn: (line: string) => void, version: NixVersion = "2.8"): EvalSettings {
  let restrictEval = false;
  let pureEval = false;
  let allowedUris: string[] = [];
  let showTrace = false;
  let abortOnWarn = false;
  let traceVerbose = false;
  let maxCallDepth: number | undefined;
  let features: string[] = [];
  const known = (name: string) => KNOWN.has(name) || (version === "2.26" && KNOWN_2_26.has(name));
  const bool = (name: string, value: string, current: boolean) => {
    if (value === "true" || value === "yes" || value === "1") return true;
    if (value === "false" || value === "no" || value === "0") return false;
    warn(`warning: error: Boolean setting '${name}' has invalid value '${value}'`);
    return current;
  };
  const words = (value: string) => value.split(/[ \t\n\r]+/).filter((w) => w !== "");
  // Nix reads a feature list as a sorted set, warning about each unknown name in that order.
  const featureWords = (value: string) => {
    const set = [...new Set(words(value))].sort();
    for (const f of set) if (!KNOWN_FEATURES[version].has(f)) warn(`warning: unknown experimental feature '${f}'`);
    return set;
  };
  for (const [name, value] of entries) {
    if (name === "restrict-eval") restrictEval = bool(name, value, restrictEval);
    else if (name === "pure-eval") pureEval = bool(name, value, pureEval);
    else if (name === "show-trace") showTrace = bool(name, value, showTrace);
    else if (ONLY_IN[name] !== undefined && ONLY_IN[name] !== version) warn(`warning: unknown setting '${name}'`);
    else if (name === "abort-on-warn") abortOnWarn = bool(name, value, abortOnWarn);
    else if (name === "trace-verbose") traceVerbose = bool(name, value, traceVerbose);
    else if (name === "max-call-depth") {
      // Nix refuses a bad number outright (a usage error, not a warning).
      if (!/^[0-9]+$/.test(value)) throw new Error(`setting '${name}' has invalid value '${value}'`);
      maxCallDepth = Number(value);
    }
    else if (name === "experimental-features") features = featureWords(value);
    else if (name === "extra-experimental-features") features = [...new Set([...features, ...featureWords(value)])];
    else if (name === "allowed-uris") allowedUris = words(value);
    else if (name === "extra-allowed-uris") allowedUris = [...allowedUris, ...words(value)];
    else if (!known(name) && !(name.startsWith("extra-") && known(name.slice(6)))) warn(`warning: unknown setting '${name}'`);
  }
  return { restrictEval, pureEval, allowedUris, showTrace, abortOnWarn, traceVerbose, experimentalFeatures: features, ...(maxCallDepth === undefined ? {} : { maxCallDepth }) };
}
