builtins.fetchurl { url = "file://" + toString ./lib/data.txt; sha256 = "0000000000000000000000000000000000000000000000000000"; }
