(derivation { name = "lazy"; system = throw "not needed"; builder = "/bin/sh"; }).name
