builtins.zipAttrsWith (n: vs: { inherit n vs; }) [ { a = 1; } { a = 2; b = 3; } { } ]
