builtins.genericClosure { startSet = [ { key = 5; v = "a"; } { key = 3; } { key = 5; v = "b"; } ]; operator = x: if x.key > 0 then [ { key = x.key - 2; } ] else [ ]; }
