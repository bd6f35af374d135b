scopedImport 1 ./lib/needs-y.nix
