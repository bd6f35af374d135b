builtins.isBool (abort "x")
