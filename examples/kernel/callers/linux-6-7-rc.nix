# A release candidate: the default kernel overridden to 6.7-rc2, whose modDirVersion is padded
# around the suffix ("6.7.0-rc2"), then to a different configuration attrset.
((import ../default.nix).override {
  version = "6.7-rc2";
}).override (old: {
  config = { "64BIT" = "y"; MODULES = "y"; MODULE_SIG = "y"; };
  kernelPatches = [ ];
})
