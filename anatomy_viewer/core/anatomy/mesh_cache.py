"""The cache of processed meshes: what loading computed, kept as plain arrays so the next start skips it.

    source file --SHA-256--> key "mesh-<sha>-p<PROCESSING_VERSION>"
        hit:  <user cache>/processed/<key>.arrays --np.load(allow_pickle=False)--> arrays
        miss: parse + largest component + normals --> arrays --temp file + os.replace--> <key>.arrays

A changed source file has another SHA-256 and a changed processing has another PROCESSING_VERSION, so
either misses and is rebuilt. An entry is only ever arrays (``.npy`` records one after another, never
pickles), written to a temporary file in the same folder and renamed, so a reader sees a whole entry
or none. An entry that cannot be read (truncated, corrupt, wrong arrays) counts as a miss and is
overwritten. The cache is a speed-up only: a read-only or full disk costs speed, never a failure.

Knowing a file's SHA-256 means reading and hashing all of it (a third of a warm start's loading).
``SourceHashes`` remembers each source file's digest beside its size, times and inode, the way git's
index does, so an unchanged file is not read at all; any write to the file changes its ctime and so
sends it back to hashing.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ..errors import UserError
from ..safe_write import atomic_write
from .mesh_sources import user_cache_dir

# Bump whenever loading changes its output (another component rule, other normals, other dtypes):
# every entry written by an older version is then ignored and rebuilt.
PROCESSING_VERSION = 1
PROCESSED_SUBDIR = "processed"
ENTRY_SUFFIX = ".arrays"
# The container before ENTRY_SUFFIX: ``np.savez`` zips. Reading one checks a CRC over every byte and
# copies each array twice, 2.5 times the time of plain .npy records (measured on the 50 meshes).
# Left-over entries of that kind are removed when the cache is next written.
LEGACY_SUFFIX = ".npz"
SOURCE_HASHES_FILE = "source-hashes.json"
# A file written within this many seconds of being looked at may still be written again within the
# file system's timestamp granularity without its size or times changing ("racy git"): its digest is
# used but not remembered.
RACY_WINDOW_S = 2.0


def processed_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return user_cache_dir(environ) / PROCESSED_SUBDIR


def mesh_key(source_sha256: str) -> str:
    """The entry name of a processed mesh: the source bytes and the processing that made it."""
    return f"mesh-{source_sha256}-p{PROCESSING_VERSION}"


# np.load parses each record's header with ast.literal_eval, and CPython 3.11's AST builder keeps
# its recursion count in state shared between threads: two threads loading entries at once (the
# loading thread and the decimation thread beside a command) failed with "SystemError: AST
# constructor recursion depth mismatch" (seen in the test suite; python/cpython#106905). Reads of
# the cache take turns; each is a few milliseconds.
_READ_LOCK = threading.Lock()


class ArrayCache:
    """Named groups of numpy arrays in one folder, one file per key.

    A file holds ``.npy`` records one after another: the key, the array names, then each array.
    ``np.load`` on an open file reads them in turn straight into their arrays (no zip, no CRC pass).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._swept = False

    def path(self, key: str) -> Path:
        return self.directory / f"{key}{ENTRY_SUFFIX}"

    def load(self, key: str, names: tuple[str, ...]) -> dict[str, np.ndarray] | None:
        """The arrays stored under ``key``, or None when absent or unreadable (then rebuild)."""
        try:
            with _READ_LOCK, open(self.path(key), "rb") as file:
                if str(np.load(file, allow_pickle=False)) != key:
                    return None
                stored = [str(name) for name in np.load(file, allow_pickle=False)]
                arrays = {name: np.load(file, allow_pickle=False) for name in stored}
                if file.read(1):  # more than the entry says it holds: not one of ours
                    return None
            return {name: arrays[name] for name in names}
        except (OSError, ValueError, KeyError, EOFError, TypeError):
            # Missing, truncated, not .npy records, an object array (pickle refused), or arrays
            # missing.
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
                # The key first, compared on load: an entry renamed by hand cannot pass for another.
                np.save(file, np.array(key))
                np.save(file, np.array(list(arrays)))
                for array in arrays.values():
                    np.save(file, np.ascontiguousarray(array), allow_pickle=False)
            os.replace(temp_name, self.path(key))
            temp_name = None
            self._sweep_legacy()
            return True
        except (OSError, ValueError):
            return False
        finally:
            if temp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp_name)

    def _sweep_legacy(self) -> None:
        """Remove entries in the older container once per cache object: they are never read again."""
        if self._swept:
            return
        self._swept = True
        for stale in self.directory.glob(f"*{LEGACY_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()


def processed_cache(environ: Mapping[str, str] = os.environ) -> ArrayCache:
    return ArrayCache(processed_cache_dir(environ))


class SourceHashes:
    """SHA-256 digests of source files, trusted while the file's size, mtime, ctime and inode stay.

    Thread-safe: loading runs on two threads. ``save`` writes atomically and only after a change;
    a file that cannot be read or written is an empty memo (everything is hashed, nothing fails).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._changed = False
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        self._entries: dict[str, list] = entries if isinstance(entries, dict) else {}

    @staticmethod
    def _identity(stat: os.stat_result) -> list[int]:
        return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]

    def known(self, file: Path, stat: os.stat_result) -> str | None:
        """The remembered digest of ``file`` if it is unchanged since, else None."""
        with self._lock:
            entry = self._entries.get(str(file))
        if (
            isinstance(entry, list)
            and len(entry) == 5
            and entry[:4] == self._identity(stat)
            and isinstance(entry[4], str)
        ):
            return entry[4]
        return None

    def remember(self, file: Path, stat: os.stat_result, sha256: str) -> None:
        """Keep ``sha256`` for ``file`` as it was at ``stat`` (taken before its bytes were read)."""
        if time.time() - max(stat.st_mtime, stat.st_ctime) < RACY_WINDOW_S:
            return
        with self._lock:
            self._entries[str(file)] = [*self._identity(stat), sha256]
            self._changed = True

    def save(self) -> None:
        with self._lock:
            if not self._changed:
                return
            text = json.dumps(self._entries)
            self._changed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, lambda file: file.write(text.encode("utf-8")))
        except (OSError, UserError):
            pass  # a speed-up only: the next start hashes again
