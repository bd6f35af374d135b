let s = { x = 1; y = { z = 2; }; }; in { inherit (s) x; inherit (s.y) z; }
