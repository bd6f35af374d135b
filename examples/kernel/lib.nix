# The `lib` the kernel example uses by default: nixpkgs' real lib from the shared test corpus
# (../shared/corpus/nixpkgs-lib beside the repository) when it is there, otherwise the small
# stand-in in mini-lib.nix, which offers just the functions manual-config.nix needs.
let
  corpusLib = ../../../shared/corpus/nixpkgs-lib/lib;
in
if builtins.pathExists (corpusLib + "/default.nix") then import corpusLib else import ./mini-lib.nix
