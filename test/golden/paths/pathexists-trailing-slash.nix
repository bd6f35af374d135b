# pathExists of a string ending in "/" or "/." asks for a directory: a file there does not count.
let f = toString ./pathexists-trailing-slash.nix; d = toString ./.; in
[
  (builtins.pathExists f)
  (builtins.pathExists (f + "/"))
  (builtins.pathExists (f + "/."))
  (builtins.pathExists (f + "/./"))
  (builtins.pathExists (f + "/./."))
  (builtins.pathExists (d + "/"))
  (builtins.pathExists (d + "/."))
  (builtins.pathExists (d + "/../paths/"))
  (builtins.pathExists ./pathexists-trailing-slash.nix)
]
