throw { __toString = s: "from functor"; }
