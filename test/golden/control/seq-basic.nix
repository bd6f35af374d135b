builtins.seq [ (throw "not deep") ] 2
