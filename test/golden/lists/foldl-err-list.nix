builtins.foldl' (a: b: b) 0 { }
