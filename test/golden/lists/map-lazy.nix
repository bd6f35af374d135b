[ (builtins.length (map (throw "f") [ 1 2 ])) (map 1 [ ]) ]
