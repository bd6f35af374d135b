{ n ? 1, s ? "x", pkgs ? {} }:
{ sum = n + 1; str = "${s}!"; nested = { list = [ n s ]; deep.value = n * 10; }; fn = x: x; drv = derivation { name = "cli-${s}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo ${s} > $out" ]; }; }
