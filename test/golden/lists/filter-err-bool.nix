builtins.filter (x: x) [ true 1 ]
