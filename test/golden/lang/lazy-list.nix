[ 1 (throw "never forced") ]
