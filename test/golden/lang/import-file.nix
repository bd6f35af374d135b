import ./lib/helper.nix { x = 2; }
