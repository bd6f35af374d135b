# Two overrides in a chain: the 5.15 kernel moved to 6.1 (modDirVersion follows the new
# version), then given one more patch through the function form of `override`.
let
  base = import ./linux-5-15-patched.nix;
  moved = base.override {
    version = "6.1";
    src = builtins.toFile "linux-6.1.tar" "stand-in source archive for Linux 6.1\n";
  };
in
moved.override (old: {
  kernelPatches = old.kernelPatches ++ [
    {
      name = "timestamp";
      patch = builtins.toFile "timestamp.patch" "--- a/Makefile\n+++ b/Makefile\n";
      extraConfig = "LOCALVERSION \"-chained\"";
    }
  ];
})
