{ a = 1 + 1; b = x: x; c = builtins.add; d = builtins.add 1; e = "s"; }
