let s = { __toString = self: "custom-${self.v}"; v = "x"; }; d = { outPath = "/some/path"; }; in [ "${s}" "${d}" (toString s) (toString d) ]
