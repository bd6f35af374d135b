let x = { y = x; l = [ x ]; }; in builtins.deepSeq x 1
