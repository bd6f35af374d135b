builtins.sort (a: b: true) [ (throw "forced") ]
