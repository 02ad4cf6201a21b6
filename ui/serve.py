"""`make run`: `streamlit run app.py`, with the heavy back end imported while the server starts.

Streamlit runs a page only once a browser connects, so on a fresh server the first visitor
waited for torch, torchvision and timm to import (about 3 s on two cores) after the page had
loaded. Here a thread starts those imports as the process starts, in parallel with the server
coming up and the browser loading the front end; the first page run then finds them done.
Only modules are imported: no model is loaded and no Streamlit cache is touched here.

    .venv/bin/python -m ui.serve [streamlit run options]
"""

import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def _import_back_end() -> None:
    import ui.cache  # noqa: F401  (torch, timm, torchvision and our model package)


def main() -> None:
    threading.Thread(target=_import_back_end, name="atlas-import", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
