builtins.fetchurl { url = "file:///nonexistent-nixts"; sha256 = "0000000000000000000000000000000000000000000000000000"; }
