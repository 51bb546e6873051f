"""The parsed-KB cache: `load_kb` as in `kb.py`, without reading unchanged TOML again.

One file per list of layers in `$SPINECLI_CACHE_DIR`, `$XDG_CACHE_HOME/spinecli` or
`~/.cache/spinecli` (`SPINECLI_NO_CACHE=1`: none), keyed by each layer's path and stat and by the
code (versions, every module's size and mtime), written atomically, only for a KB that validated.
A string-keyed map (tables, maps of `model.INDEXES`) is kept as keys and buckets of about 4 KB of
pickles, the rest as one pickle each, each piece with a CRC-32: a look-up unpickles a few entries.
Any failure to read it (damage, a FIFO, a directory, a permission) means the TOML; damage met
mid-command is served from the TOML only if no layer's stat changed, else `KBChanged` says to run
the query again (never a mix). Unpickling builds only spinecli's records: no planted code runs.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import stat
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from spinecli import __version__
from spinecli.errors import KBError, Problem
from spinecli.model import INDEXES, KnowledgeBase
from spinecli.paths import layer_paths
from spinecli.record import fields

MAGIC = b"SPINEKB\x03"
HEAD = len(MAGIC) + 12  # MAGIC, header length (8 bytes), header CRC (4); then header, pieces
BUCKET_BYTES = 4096  # pickled entries per bucket, about: a bucket read is a few entries' cost
Where = tuple[int, int, int]  # a piece: offset (from the end of HEAD), length, CRC-32

Damaged = pickle.UnpicklingError  # a cache file that is not what it claims: caught here, always


class KBChanged(KBError):
    """The cache was damaged and a layer changed while a command read the KB: run it again."""


def cache_dir() -> Path | None:
    """The directory for cache files, or None when caching is off."""
    env = os.environ.get
    if env("SPINECLI_NO_CACHE", "") not in ("", "0"):
        return None
    xdg, home = env("XDG_CACHE_HOME", ""), env("HOME", "")
    if env("SPINECLI_CACHE_DIR", ""):
        return Path(env("SPINECLI_CACHE_DIR", ""))
    if os.path.isabs(xdg):  # the XDG spec says to ignore a relative value
        return Path(xdg) / "spinecli"
    return Path(home) / ".cache" / "spinecli" if home else None


def _code_key() -> tuple[Any, ...]:
    walk = os.walk(os.path.dirname(os.path.abspath(__file__)))
    code = sorted(os.path.join(d, f) for d, _, files in walk for f in files if f.endswith(".py"))
    stats = tuple((name, (st := os.stat(name)).st_size, st.st_mtime_ns) for name in code)
    return (__version__, sys.version_info[:2], stats)


def _layer_keys(paths: Sequence[str]) -> tuple[tuple[Any, ...], ...] | None:
    """Each layer's path and stat; None for a pipe, a directory or a file too big (kb.py says)."""
    from spinecli.files import MAX_KB_BYTES

    try:
        stats = [(path, os.stat(path)) for path in paths]
    except (OSError, ValueError):
        return None
    if not all(stat.S_ISREG(st.st_mode) and st.st_size <= MAX_KB_BYTES for _, st in stats):
        return None
    return tuple((p, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev) for p, s in stats)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = super().find_class(module, name) if module.startswith("spinecli.") else None
        if isinstance(found, type) and "__record_fields__" in found.__dict__:
            return found
        raise pickle.UnpicklingError(f"not a spinecli record: {module}.{name}")


def _bucket(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % buckets


def _write(path: Path, key: Any, kb: KnowledgeBase) -> None:
    """Writes kb to path atomically: a temporary file beside it, then a rename over it."""
    pieces: list[bytes] = []
    end = [0]  # where the next piece starts

    def put(value: Any) -> Where:
        pieces.append(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        end[0] += len(pieces[-1])
        return (end[0] - len(pieces[-1]), len(pieces[-1]), zlib.crc32(pieces[-1]))

    maps: dict[str, tuple[Where, Where, int]] = {}  # keys, the buckets' Wheres, how many
    values: dict[str, Where] = {}
    stored = [(n, getattr(kb, n)) for n in fields(KnowledgeBase) if n not in ("files", "derived")]
    for name, value in [*stored, *((f"index.{i}", kb.index(i)) for i in INDEXES)]:
        if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
            size = len(pickle.dumps(dict(value), protocol=pickle.HIGHEST_PROTOCOL))
            parts: list[dict[str, Any]] = [{} for _ in range(max(1, size // BUCKET_BYTES))]
            for k, v in value.items():
                parts[_bucket(k, len(parts))][k] = v
            maps[name] = (put(tuple(value)), put(tuple(put(p) for p in parts)), len(parts))
        else:
            values[name] = put(value)
    header = pickle.dumps({"key": key, "maps": maps, "values": values}, pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # one writer per process
    try:
        with open(tmp, "wb") as f:
            f.write(MAGIC + len(header).to_bytes(8, "little"))
            f.writelines([zlib.crc32(header).to_bytes(4, "little"), header, *pieces])
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class _File(dict[str, Any]):
    """An open cache file whose key is current: pieces read on demand, each checked; after
    damage, those of the KB `rebuild` builds from the TOML. Also the KB's `derived` (indexes)."""

    def __init__(self, path: Path, key: Any, rebuild: Callable[[], KnowledgeBase]) -> None:
        super().__init__()
        self.rebuild, self.base, self.fd = rebuild, HEAD, -1  # the header: the piece at 0
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:  # (O_NONBLOCK: a FIFO put in its place must not make open() wait for a writer)
            if not stat.S_ISREG(os.fstat(self.fd).st_mode):  # a FIFO or a directory there
                raise Damaged("not a file")
            head = os.pread(self.fd, HEAD, 0)
            length = int.from_bytes(head[len(MAGIC) : -4], "little")
            if len(head) != HEAD or head[: len(MAGIC)] != MAGIC or length > 1 << 30:
                raise Damaged("magic")
            header = self.read((0, length, int.from_bytes(head[-4:], "little")))
            if not isinstance(header, dict) or header.get("key") != key:
                raise Damaged("stale")
            self.maps, self.plain = header["maps"], header["values"]  # name -> Where(s)
            self.base = HEAD + length
        except BaseException:
            self.__del__()
            raise

    def __del__(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def read(self, where: Where) -> Any:
        offset, length, crc = where
        data = os.pread(self.fd, length, self.base + offset)
        if len(data) != length or zlib.crc32(data) != crc:
            raise Damaged("checksum")
        try:
            return _Unpickler(io.BytesIO(data)).load()
        except Exception as exc:  # a planted file's pickle can raise almost anything
            raise Damaged(str(exc)) from None

    def piece(self, name: str) -> Any:
        """A stored field or index ("index.NAME"): a lazy map, or the value."""
        with contextlib.suppress(Damaged):
            return _Map(self, name) if name in self.maps else self.read(self.plain[name])
        return self.rebuilt(name)

    def rebuilt(self, name: str) -> Any:
        kb = self.rebuild()
        return kb.index(name[6:]) if name.startswith("index.") else getattr(kb, name)

    def __missing__(self, name: str) -> Any:  # an index, first asked for
        if f"index.{name}" not in self.maps and f"index.{name}" not in self.plain:
            raise KeyError(name)  # not stored: KnowledgeBase.index builds it
        return self.setdefault(name, self.piece(f"index.{name}"))


class _Map(Mapping[str, Any]):
    """A stored map: one bucket read per key looked up; after damage, the rebuilt KB's map. Where
    its buckets lie is a piece of its own, so the header stays small however large the KB."""

    def __init__(self, file: _File, name: str) -> None:
        self._file, self._name = file, name
        self._keys_at, self._table_at, self._count = file.maps[name]
        self._parts: dict[int | None, Any] = {}
        self._whole: Mapping[str, Any] | None = None
        self._table: tuple[Where, ...] = ()

    def _load(self, n: int | None) -> Any:
        """Bucket n, or the keys (None), read once; after damage, the rebuilt KB's whole map."""
        if self._whole is None and n not in self._parts:
            try:
                if n is not None and not self._table:
                    self._table = self._file.read(self._table_at)
                self._parts[n] = self._file.read(self._keys_at if n is None else self._table[n])
            except Damaged:
                self._whole = self._file.rebuilt(self._name)
        return self._parts[n] if self._whole is None else self._whole

    def __getitem__(self, key: str) -> Any:
        if not isinstance(key, str):
            raise KeyError(key)
        return self._load(_bucket(key, self._count))[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load(None))

    def __len__(self) -> int:
        return len(self._load(None))


def _cold(paths: Sequence[Path]) -> KnowledgeBase:
    from spinecli.kb import build, load_layers

    return build(load_layers(paths), [str(p) for p in paths])


def load_kb(cli_layers: Sequence[str] = (), env: str | None = None) -> KnowledgeBase:
    """`kb.load_kb`, served from the cache when every layer and the code are unchanged."""
    paths = layer_paths(cli_layers, env)
    where, absolute = cache_dir(), [os.path.abspath(p) for p in paths]
    layers = _layer_keys(absolute) if where is not None else None
    try:
        key = (_code_key(), layers)
    except OSError:  # the package's own files cannot be stat'ed: do without the cache
        layers = None
    if where is None or layers is None:
        return _cold(paths)
    text = "\0".join(absolute).encode("utf-8", "surrogateescape")
    path = where / f"kb-{zlib.crc32(text):08x}{zlib.adler32(text):08x}.cache"
    built: list[KnowledgeBase] = []

    def rebuild() -> KnowledgeBase:  # the KB from the TOML, stored if no layer changed meanwhile
        if not built:
            kb = _cold(paths)
            if _layer_keys(absolute) != layers:
                raise KBChanged([Problem("", 0, "", "the KB changed while read; run it again")])
            with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
                _write(path, key, kb)  # unwritable, or a value pickle cannot store: not kept
            built.append(kb)
        return built[0]

    with contextlib.suppress(OSError, Damaged, TypeError, KBChanged):  # nothing served yet
        file = _File(path, key, rebuild)
        stored = {n: file.piece(n) for n in (*file.maps, *file.plain) if n[:6] != "index."}
        return KnowledgeBase(files=tuple(map(str, paths)), derived=file, **stored)
    with contextlib.suppress(KBChanged):  # a layer changed while read; nothing was served
        return rebuild()
    return _cold(paths)
