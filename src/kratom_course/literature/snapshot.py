"""Moved to `kratom_course.literature_snapshot` (the data layer, so that domain modules read the snapshot
without importing the command-line tools). This name is an alias of that same module, kept for old
imports; new code imports `kratom_course.literature_snapshot`."""

import sys

from .. import literature_snapshot

sys.modules[__name__] = literature_snapshot
