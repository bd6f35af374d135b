# A file:// URL: no network needed, the same store path as Nix computes.
let url = "file://" + toString ./lib/data.txt;
in [ (builtins.fetchurl url) (builtins.readFile (builtins.fetchurl { inherit url; name = "named"; })) (builtins.fetchurl { inherit url; sha256 = "0fcx0d9ng6gnv48whis9fwgvi9c3hr58lbclfmz00yxqw79aks5w"; }) ]
