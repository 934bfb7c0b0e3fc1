"""`pycc -v`: the include search list as gcc's cc1 prints it (after the cc1 command line)."""
from __future__ import annotations

import os


def search_list_text(pp) -> str:
    """gcc's text for the directories of Preprocessor ``pp``: "ignoring nonexistent
    directory" lines for those that do not exist (they are never searched), then the
    `#include "..."` (-iquote) and `#include <...>` (-I, -isystem, system, -idirafter) lists."""
    out = []
    quote = []
    angle = []
    for d, _system in pp.chain:
        if not os.path.isdir(d):
            out.append(f'ignoring nonexistent directory "{d}"\n')
        else:
            angle.append(d)
    seen = {os.path.normpath(d) for d in angle}
    for d in pp.quote_dirs:
        if not os.path.isdir(d):
            out.append(f'ignoring nonexistent directory "{d}"\n')
        elif os.path.normpath(d) in seen:
            # the quote chain goes on into the <...> one: gcc drops the copy
            out.append(f'ignoring duplicate directory "{d}"\n')
        else:
            seen.add(os.path.normpath(d))
            quote.append(d)
    out.append('#include "..." search starts here:\n')
    out.extend(f" {d}\n" for d in quote)
    out.append("#include <...> search starts here:\n")
    out.extend(f" {os.path.normpath(d)}\n" for d in angle)
    out.append("End of search list.\n")
    return "".join(out)
