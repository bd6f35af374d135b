[ (builtins.ceil 1.0e300) (builtins.ceil (1.0e308 * 10.0)) (builtins.ceil 9223372036854775807.0) (builtins.ceil 9007199254740993) ]
