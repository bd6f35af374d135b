builtins.groupBy (x: 1) [ "a" ]
