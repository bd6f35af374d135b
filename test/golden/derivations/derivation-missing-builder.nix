builtins.derivationStrict { name = "x"; system = "x"; }
