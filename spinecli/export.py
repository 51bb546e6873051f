"""Handouts to stdout text or to files: one combined file, or one file per procedure in a directory.

Files are written atomically: the bytes go to a temporary file in the target's directory, which
is then renamed over the target, so an interrupted run never leaves a half-written handout. An
existing file is kept unless --force: without it the new file is hard-linked into place, which
fails if the name exists even when another program creates it at the same moment.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from spinecli.errors import OutputError, SpineError, UsageError, path_shown
from spinecli.handout import HandoutSet
from spinecli.interrupts import held

EXTENSIONS = {"md": "md", "html": "html", "pdf": "pdf", "plain": "txt", "json": "json"}


class ExportStopped(OutputError):
    """An error part way through: the files already written are kept and named (`written`)."""

    def __init__(self, cause: SpineError, written: tuple[Path, ...], planned: int) -> None:
        super().__init__(f"{cause} (stopped after {len(written)} of {planned} files)")
        self.exit_code = cause.exit_code
        self.written = written


# Called before each file is rendered: (files done, files in all, the file about to be written).
Progress = Callable[[int, int, Path], None]


@dataclass(frozen=True)
class Exported:
    text: str = ""  # what to print when there is no -o, or -o -
    paths: tuple[Path, ...] = ()  # what was written otherwise
    data: bytes = b""  # a PDF for stdout (-o -): bytes, not text


def render_set(result: HandoutSet, fmt: str, paper: str = "") -> bytes:
    """The bytes of one output file holding every handout in result."""
    if fmt == "json":
        from spinecli.render import jsonout

        return jsonout.render(result).encode("utf-8")
    from spinecli.render import render_many

    if fmt == "pdf":
        from spinecli.pdf import html_to_pdf

        return html_to_pdf(render_many(result.handouts, "html", paper=paper or "letter"))
    return render_many(result.handouts, fmt, paper=paper).encode("utf-8")


def is_dir_target(output: str) -> bool:
    """-o names a directory when it is one, or ends with a path separator. (os.path's checks
    say False where a name is too long or a folder unsearchable; writing then names the path.)"""
    return output.endswith(("/", os.sep)) or os.path.isdir(output)


def export(
    result: HandoutSet,
    fmt: str,
    output: str | None,
    *,
    force: bool = False,
    paper: str = "",
    progress: Progress | None = None,
) -> Exported:
    if output == "":  # `-o ''`, or an unset variable: not the current directory
        raise UsageError("-o/--output is an empty path: give FILE, or DIR/ for one per procedure")
    if output is None:
        if fmt == "pdf":
            raise UsageError(
                "PDF goes to a file: add -o FILE.pdf, -o DIR/ for one per procedure, "
                "or -o - into a pipe"
            )
        return Exported(text=render_set(result, fmt, paper).decode("utf-8"))
    if output == "-":  # stdout, as for most tools: one stream, so every handout in one file
        data = render_set(result, fmt, paper)
        return Exported(data=data) if fmt == "pdf" else Exported(text=data.decode("utf-8"))
    if is_dir_target(output):
        directory = Path(output)
        ext = EXTENSIONS[fmt]
        plan = [(directory / f"{h.procedure.id}.{ext}", HandoutSet((h,))) for h in result.handouts]
    else:
        directory = Path(output).parent
        plan = [(Path(output), result)]
    if not force:
        taken = [path_shown(path) for path, _ in plan if os.path.lexists(path)]
        if taken:
            raise OutputError(f"{', '.join(taken)} already exists; use --force to overwrite")
    _make_dir(directory)
    written: list[Path] = []
    for path, part in plan:
        if progress is not None:
            progress(len(written), len(plan), path)
        try:
            write_atomic(path, render_set(part, fmt, paper), force=force)
        except SpineError as exc:
            if not written:
                raise
            raise ExportStopped(exc, tuple(written), len(plan)) from None
        written.append(path)
    if progress is not None:
        progress(len(written), len(plan), plan[-1][0])
    return Exported(paths=tuple(written))


def _make_dir(directory: Path) -> None:
    """Creates the output directory itself, never missing parents: a typo in a path should
    stop the run, not quietly build a tree of folders."""
    try:
        directory.mkdir(exist_ok=True)
    except FileExistsError:
        raise OutputError(
            f"cannot write into {path_shown(directory)}: it is a file, not a directory"
        ) from None
    except FileNotFoundError:
        raise OutputError(
            f"cannot create {path_shown(directory)}: {path_shown(directory.parent)} does not exist"
        ) from None
    except OSError as exc:
        raise OutputError(f"cannot create {path_shown(directory)}: {exc.strerror or exc}") from None


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Writes data to path all at once or not at all; keeps an existing path unless force.

    With force, only a regular file is replaced: a FIFO, a device, a directory or a socket is
    refused (renaming over /dev/null would destroy it), and a symbolic link is written through
    to the regular file it points to, never replaced by a file of its own.
    """
    if force:
        path = _replaceable(path)
    with held():  # a Ctrl-C as mkstemp returns or the cleanup starts would leave the temp file
        _write_new(path, data, force=force)


def _write_new(path: Path, data: bytes, *, force: bool) -> None:
    tmp: Path | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a handout is an ordinary file
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path_shown(path)}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _replaceable(path: Path) -> Path:
    """The path --force may rename over: path itself, or the regular file a link points to."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        if target != path:
            raise OutputError(
                f"cannot write {path_shown(path)}: it links to {path_shown(target)}, "
                "which does not exist"
            ) from None
        return path
    except OSError as exc:
        raise OutputError(f"cannot write {path_shown(path)}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        shown = (
            path_shown(path)
            if target == path
            else f"{path_shown(path)} (a link to {path_shown(target)})"
        )
        raise OutputError(
            f"cannot write {shown}: it is {kind}; --force replaces only regular files"
        )
    return target


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFDIR: "a directory",
    stat.S_IFSOCK: "a socket",
}


def _link_new(tmp: Path, path: Path) -> None:
    """Puts tmp at path only if path does not exist (no check-then-write race)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(f"{path_shown(path)} already exists; use --force to overwrite") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: fall back to check, then rename.
        if path.exists():
            raise OutputError(
                f"{path_shown(path)} already exists; use --force to overwrite"
            ) from None
        os.replace(tmp, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
