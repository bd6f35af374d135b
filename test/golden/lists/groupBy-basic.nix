builtins.groupBy (x: if x > 1 then "big" else "small") [ 1 2 3 0 ]
