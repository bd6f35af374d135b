builtins.groupBy (x: builtins.toFile "g" "v") [ 1 ]
