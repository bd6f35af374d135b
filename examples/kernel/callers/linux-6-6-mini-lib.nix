# The default kernel evaluated with the example's own mini-lib.nix instead of nixpkgs' lib:
# the derivation must come out identical to default.nix's.
(import ../default.nix).override (old: rec {
  lib = import ../mini-lib.nix;
  stdenv = import ../stdenv.nix { inherit lib; };
})
