builtins.listToAttrs [ { name = "a"; value = 1; } { name = "a"; value = throw "no"; } { name = "a"; } ]
