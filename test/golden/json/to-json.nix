builtins.toJSON { b = [ 1 2.5 null true false "s" ]; a = { c = "\"\\\n\r\t/<>é"; }; d = 1.0e-7; e = -0.0; f = 123456789.0; g = 9223372036854775807; }
