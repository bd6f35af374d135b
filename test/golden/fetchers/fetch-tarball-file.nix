# fetchTarball of a local archive: unpacked into the store, its single top-level folder the result.
let url = f: "file://" + toString f; in
[
  (builtins.fetchTarball (url ./lib/pkg.tar.gz))
  (builtins.readDir (builtins.fetchTarball { url = url ./lib/pkg.tar.gz; name = "named"; }))
]
