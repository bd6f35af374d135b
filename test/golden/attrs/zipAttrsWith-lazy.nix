builtins.attrNames (builtins.zipAttrsWith (n: vs: throw "no") [ { a = 1; } { b = 2; } ])
