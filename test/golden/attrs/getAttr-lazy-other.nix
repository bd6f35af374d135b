builtins.getAttr "a" { a = 1; b = throw "no"; }
