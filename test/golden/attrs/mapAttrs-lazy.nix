builtins.attrNames (builtins.mapAttrs (throw "f") { a = 1; b = 2; })
