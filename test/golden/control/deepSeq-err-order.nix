builtins.deepSeq [ (throw "A") ] (throw "B")
