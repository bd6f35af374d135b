map builtins.isString [ "a" "" (builtins.toFile "s" "x") ./a 1 ]
