"""Tools for maintainers: code generation (:mod:`.codegen`) and the README's generated sections (:mod:`.docs`). Never imported at run time."""
