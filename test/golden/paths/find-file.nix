builtins.findFile [ { prefix = "p"; path = toString ./lib; } ] "p/value.nix"
