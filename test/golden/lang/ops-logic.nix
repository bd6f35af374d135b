[ (true && false) (true || false) (false -> true) (true -> false) (!true) (false && throw "lazy") (true || throw "lazy") (false -> throw "lazy") ]
