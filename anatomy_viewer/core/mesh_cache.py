"""The cache of processed meshes: what loading computed, kept as plain arrays so the next start skips it.

    source file bytes --SHA-256--> key "mesh-<sha>-p<PROCESSING_VERSION>"
        hit:  <user cache>/processed/<key>.npz --np.load(allow_pickle=False)--> arrays
        miss: parse + largest component + normals --> arrays --temp file + os.replace--> <key>.npz

A changed source file has another SHA-256 and a changed processing has another PROCESSING_VERSION, so
either misses and is rebuilt. An entry is only ever arrays (``np.savez``, never pickles), written to a
temporary file in the same folder and renamed, so a reader sees a whole entry or none. An entry that
cannot be read (truncated, corrupt, wrong arrays) counts as a miss and is overwritten. The cache is a
speed-up only: a read-only or full disk costs speed, never a failure.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from .mesh_sources import user_cache_dir

# Bump whenever loading changes its output (another component rule, other normals, other dtypes):
# every entry written by an older version is then ignored and rebuilt.
PROCESSING_VERSION = 1
PROCESSED_SUBDIR = "processed"
# Stored in every entry and compared on load, so an entry renamed by hand cannot pass for another.
_KEY_ARRAY = "cache_key"


def processed_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return user_cache_dir(environ) / PROCESSED_SUBDIR


def mesh_key(source_sha256: str) -> str:
    """The entry name of a processed mesh: the source bytes and the processing that made it."""
    return f"mesh-{source_sha256}-p{PROCESSING_VERSION}"


class ArrayCache:
    """Named groups of numpy arrays in one folder, one ``.npz`` file per key."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.npz"

    def load(self, key: str, names: tuple[str, ...]) -> dict[str, np.ndarray] | None:
        """The arrays stored under ``key``, or None when absent or unreadable (then rebuild)."""
        try:
            # Our own file handle: np.load leaks its handle when a truncated zip fails to open.
            with open(self.path(key), "rb") as file, np.load(file, allow_pickle=False) as entry:
                if str(entry[_KEY_ARRAY]) != key:
                    return None
                return {name: entry[name] for name in names}
        except (OSError, ValueError, KeyError, EOFError, TypeError, zipfile.BadZipFile):
            # Missing, truncated, not a zip (a bare .npy gives TypeError), an object array (pickle
            # refused), or arrays missing.
            return None

    def store(self, key: str, arrays: Mapping[str, np.ndarray]) -> bool:
        """Write the entry atomically; False (and nothing left behind) if the disk refuses."""
        temp_name: str | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(
                dir=self.directory, prefix=f".{key}.", suffix=".tmp"
            )
            with os.fdopen(handle, "wb") as file:
                # Uncompressed: loading is a plain read, several times faster than inflating.
                np.savez(file, **arrays, **{_KEY_ARRAY: np.array(key)})
            os.replace(temp_name, self.path(key))
            temp_name = None
            return True
        except OSError:
            return False
        finally:
            if temp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp_name)


def processed_cache(environ: Mapping[str, str] = os.environ) -> ArrayCache:
    return ArrayCache(processed_cache_dir(environ))
