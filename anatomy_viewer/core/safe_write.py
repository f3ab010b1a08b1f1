"""Writing export files safely: never a half-written image or PDF under the user's file name.

    data --> .<name>.<random>.partial<suffix> in the same folder --fsync--> os.replace --> <name>

Writers that need a file name of their own (ffmpeg writing a video) get the temporary path from
``atomic_path`` and write there; it is renamed the same way, or removed if the writing stops.

The temporary file sits in the target's folder so the final rename stays on one file system and is
atomic: a reader sees the old file or the new one, never a mix. Any OS failure (full disk, read-only
or missing folder, no permission) becomes a ``UserError`` with one line the user can act on, and the
temporary file is removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import UserError

# errno -> what the user can do about it, in their words.
_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only disk",
    errno.EACCES: "no permission to write in that folder",
    errno.EPERM: "no permission to write in that folder",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "the folder does not exist",
    errno.EISDIR: "a folder of that name is in the way",
    errno.ENAMETOOLONG: "the file name is too long",
}


def reason(error: OSError) -> str:
    """One short phrase for an OS error, for messages such as ``cannot write x.png: <reason>``."""
    return _REASONS.get(error.errno or 0, error.strerror or str(error))


def check_writable(path: Path) -> None:
    """Fail early (before a long render) when ``path`` clearly cannot be written."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UserError(f"cannot write {path}: {_REASONS[errno.EISDIR]}")
    if not folder.is_dir():
        raise UserError(f"cannot write {path}: {_REASONS[errno.ENOENT]}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"cannot write {path}: {_REASONS[errno.EACCES]}")


def _default_mode() -> int:
    # mkstemp creates 0600 files; an export should get the permissions any new file would get.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` (same suffix, so tools that pick a format by name still
    can), renamed onto ``path`` when the block ends normally. Any exception in the block (a failure,
    Cancel, Ctrl+C) removes it: a partial file never sits under the user's name, nor beside it."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    temp_name: str | None = None
    try:
        handle, temp_name = tempfile.mkstemp(
            dir=folder, prefix=f".{path.stem}.", suffix=f".partial{path.suffix}"
        )
        os.close(handle)
        yield Path(temp_name)
        with open(temp_name, "r+b") as file:  # writable: Windows fsyncs only those
            os.fsync(file.fileno())
        mode = os.stat(path).st_mode & 0o777 if path.exists() else _default_mode()
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
        temp_name = None
    except OSError as error:
        raise UserError(f"cannot write {path}: {reason(error)}") from None
    finally:
        if temp_name is not None:
            # The folder may have vanished or become read-only: then there is nothing to clean.
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def atomic_write(path: Path, write_to: Callable[[BinaryIO], None]) -> None:
    """Call ``write_to(file)`` on a temporary file beside ``path``, then rename it onto ``path``."""
    with atomic_path(path) as temp, open(temp, "wb") as file:
        write_to(file)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``atomic_write``)."""
    atomic_write(path, lambda file: file.write(data))
