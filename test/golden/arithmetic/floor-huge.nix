let inf = 1.0e308 * 10.0; in [ (builtins.floor (-inf)) (builtins.floor (inf - inf)) (builtins.floor (-9223372036854775807.0 - 1025.0)) ]
