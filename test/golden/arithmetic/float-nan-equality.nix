let i = 1.0e308 * 10.0; n = i - i; in [ (n == n) (n != n) ([ n ] == [ n ]) ({ a = n; } == { a = n; }) (builtins.elem n [ n ]) (let l = [ n ]; in l == l) ]
