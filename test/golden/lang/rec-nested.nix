rec { x = 1; y = rec { x = 2; z = x; }; w = y.z + x; }
