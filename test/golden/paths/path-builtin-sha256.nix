builtins.path { path = ./lib/dir; name = "dir"; sha256 = "0nikrkmnir9rdn8h020h0sl397prpkbrqr9wsm26kamxfyyz4mdh"; }
