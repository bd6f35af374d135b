scopedImport { z = 40; } ./lib/uses-z.nix
