[ (builtins.length [ ]) (builtins.length [ 1 (throw "lazy") 3 ]) ]
