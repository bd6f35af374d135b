scopedImport { y = 41; } ./lib/needs-y.nix
