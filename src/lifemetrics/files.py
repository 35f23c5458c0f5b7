"""File helpers shared by the token store and the publish step: what makes a rename crash-safe."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    """Flush a file (or a directory entry) to disk, so a rename never points at unwritten data."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
