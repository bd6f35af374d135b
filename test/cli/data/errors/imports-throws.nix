import ./throws.nix
