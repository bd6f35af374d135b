let x = 1; in throw "from file"
