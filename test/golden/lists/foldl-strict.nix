builtins.foldl' (a: b: b) 0 [ (throw "elem") 2 ]
