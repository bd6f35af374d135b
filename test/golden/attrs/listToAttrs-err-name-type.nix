builtins.listToAttrs [ { name = "a"; value = 1; } { name = 1; value = 2; } ]
