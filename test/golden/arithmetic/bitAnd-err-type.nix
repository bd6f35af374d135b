builtins.bitAnd 1 "a"
