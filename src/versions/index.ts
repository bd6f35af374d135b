// Public entry point of `nixts/versions`: Nix 2.8's version ordering, splitting and
// derivation-name parsing, nixpkgs lib's version helpers, and fast-check arbitraries for
// property tests. The evaluator's builtins call these very functions.

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
export {
  versionString,
  realisticVersion,
  adversarialVersion,
  versionComponent,
  versionNumber,
  versionWord,
  versionSeparator,
  versionByte,
  versionPair,
  drvName,
  type VersionArbitraryOptions,
} from "./arbitraries.js";
