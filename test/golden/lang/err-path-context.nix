let d = derivation { name = "x"; system = "x"; builder = "/bin/sh"; }; in ./a + "${d}"
