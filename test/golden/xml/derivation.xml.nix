let d = derivation { name = "x"; system = "x"; builder = "/bin/sh"; }; in { i = d; j = [ d d ]; }
