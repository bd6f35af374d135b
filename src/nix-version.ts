// The two Nix versions nixts follows, 2.8.0 and 2.26.3, and how a user names one. What differs
// between them is looked up by this value in one table per concern: the builtins
// (src/parser/global-names.ts names them, src/eval/builtins/ defines them), and so on.

import { UsageError } from "./errors.js";

/** A Nix version nixts follows. */
export type NixVersion = "2.8" | "2.26";

/** Every version nixts follows, oldest first. */
export const NIX_VERSIONS: readonly NixVersion[] = ["2.8", "2.26"];

/**
 * The version used when none is asked for. Nix 2.8 until nixts's 2.26 mode is complete (its
 * error layout and value printer are still 2.8's); then 2.26, as current nixpkgs needs.
 */
export const DEFAULT_NIX_VERSION: NixVersion = "2.8";

/** The release each version stands for: `builtins.nixVersion`, `--version`. */
export const NIX_RELEASE: Readonly<Record<NixVersion, string>> = { "2.8": "2.8.0", "2.26": "2.26.3" };

/**
 * Reads a version as users write it (`2.26`, `2.26.3`, `2.8`, `2.8.0`, surrounding spaces
 * ignored); a UsageError names the accepted ones otherwise. `origin` names where it came from.
 */
export function parseNixVersion(text: string, origin = "--nix-version"): NixVersion {
  const t = text.trim();
  for (const v of NIX_VERSIONS) if (t === v || t === NIX_RELEASE[v]) return v;
  throw new UsageError(`${origin}: unsupported Nix version '${text}' (nixts follows ${NIX_VERSIONS.map((v) => NIX_RELEASE[v]).join(" and ")})`);
}
