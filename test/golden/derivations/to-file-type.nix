builtins.toFile "n" 1
