"""``python -m gzviewer``: the same as the ``gzviewer`` command."""

import sys

from gzviewer.cli import main

sys.exit(main())
