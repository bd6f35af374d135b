// Public entry point of `nixts/versions`: Nix 2.8's version ordering, splitting and
// derivation-name parsing and nixpkgs lib's version helpers. The evaluator's builtins call these very functions.

export {
  compareVersions,
  splitVersion,
  parseDrvName,
  versionOlder,
  versionAtLeast,
  type VersionOrder,
  type DrvName,
} from "./compare.js";
export { versions, major, minor, patch, majorMinor, pad } from "./versions.js";
// The fast-check arbitraries live in `nixts/versions/arbitraries` (./arbitraries.ts), so that
// importing this entry never loads fast-check.
