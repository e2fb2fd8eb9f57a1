"""Files written whole or not at all: the one way conflict-kg writes a file readers may open at any moment.

Every file (graphs, the page, exports, the store's link and build id, kept answers, the place index, the
map outlines' cache) is written under a temporary name beside its target, carrying the writer's process id
(`.graph.ttl.4242.k2j3h4g5`), and renamed over the target only when complete: a reader sees the old file or
the new one, never half of one; a writer that fails removes its temporary file, and one killed outright
leaves it for the next writer of the same target to remove once the process is gone.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

STALE_SECONDS = 600  # a temporary file of no known writer untouched this long was left by a failed one


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """`with atomic_path(p) as tmp:` fill the file `tmp` (by any means: SQLite, a library's writer); it
    replaces `p` when the block ends without an error, and is removed when it ends with one."""
    target = Path(path)
    clean_stale(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", dir=target.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    tmp = Path(name)
    try:
        yield tmp
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    os.replace(tmp, target)


@contextmanager
def atomic_file(path: str | Path) -> Iterator[IO[str]]:
    """`with atomic_file(p) as fh:` write UTF-8 text (`\\n` line ends) that replaces `p` only on success."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh


def write_atomic(path: str | Path, text: str) -> Path:
    """Write `text` to `path` whole or not at all."""
    with atomic_file(path) as fh:
        fh.write(text)
    return Path(path)


def clean_stale(path: Path) -> None:
    """Remove the temporary files a killed or failed write of `path` left beside it: one whose writer is no
    longer running at once (a build killed with -9 left 19.6 MB that the next build kept), one of no known
    writer once it is old; one whose writer runs belongs to a write in progress and is left alone."""
    now = time.time()
    for old in path.parent.glob(f".{path.name}.*"):
        writer = old.name[len(path.name) + 2 :].split(".", 1)[0]
        with suppress(OSError):
            if writer.isdecimal() and int(writer) != os.getpid():
                if not _running(int(writer)):
                    old.unlink()
            elif not writer.isdecimal() and now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        return True
    return True
