builtins.catAttrs "a" [ { a = 1; } 2 ]
