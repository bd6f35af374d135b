builtins.appendContext "a" { "/nix/store/x" = { path = true; }; }
