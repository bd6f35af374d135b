map builtins.isInt [ 1 (-9223372036854775807) 1.0 "1" ]
