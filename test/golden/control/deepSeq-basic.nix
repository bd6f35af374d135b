builtins.deepSeq { a = [ 1 { b = 2; } ]; f = x: throw "no"; } 3
