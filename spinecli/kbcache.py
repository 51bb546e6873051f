"""The parsed-KB cache: `load_kb` as in `kb.py`, without re-reading unchanged TOML.

Reading, validating and building the KB takes milliseconds for the shipped file and seconds for a
10,000-procedure one; every command and every TAB of shell completion is a fresh process. So the
built KB is kept in one file per list of layers in the user's cache directory:

- where: `$SPINECLI_CACHE_DIR`, else `$XDG_CACHE_HOME/spinecli`, else `~/.cache/spinecli`;
  `SPINECLI_NO_CACHE=1` turns it off. A directory that cannot be created or written means no
  cache, never an error.
- keyed by every layer's path, size, mtime, ctime, inode and device, and by the code that built
  it (format number, spinecli version, Python's marshal version, and the size and mtime of every
  module of the package: an index may be built anywhere, and an edited checkout must not read
  what the old code built). A layer changed in the two seconds before the cache was
  written could change again within one timestamp tick without its stat changing, so its CRC-32
  is stored too and checked on every read (git's "racily clean" rule).
- only a KB that passed validation is written: the cold path is exactly `kb.load_kb`, and a KB
  that fails validation raises the same KBError and leaves the cache untouched.
- written atomically: a temporary file in the same directory, then `os.replace`. Two processes
  that race both write whole files and the last rename wins; readers see one whole file or the
  other. A reader keeps its open file, so a rename under it changes nothing it reads.
- checked: a CRC-32 over the header, each section and each entry. A wrong magic, a short file or
  a bad checksum means the cache is rebuilt from the TOML, silently; a bad entry found later, in
  the middle of a command, is served from a KB rebuilt on the spot.
- lazy: the file holds each table as separately encoded entries plus an id index, and the
  indexes of `model.INDEXES`; `explain` on a 10,000-procedure KB decodes the names index, one
  procedure, its conditions and its sources, not the whole KB.

`marshal` (not pickle) encodes the entries: it loads plain tuples faster than pickle loads
objects (docs/speed.md), and loading it cannot run code.

Public API: `load_kb(cli_layers, env)` (same arguments, result and errors as `kb.load_kb`),
`names(kind, ...)` for shell completion, `cache_dir()`.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from spinecli import __version__
from spinecli.model import (
    INDEXES,
    Condition,
    Finding,
    KnowledgeBase,
    Procedure,
    RedFlag,
    Source,
    Symptom,
)
from spinecli.paths import layer_paths
from spinecli.record import build, fields, values_of

CACHE_ENV = "SPINECLI_CACHE_DIR"
NO_CACHE_ENV = "SPINECLI_NO_CACHE"
FORMAT = 1  # bump when the layout below or the way a table is encoded changes
MAGIC = b"SPINEKB\x01"
RACY_NS = 2_000_000_000  # a layer this recent when cached is checked by content as well
TABLES: dict[str, type[Any]] = {
    "sources": Source,
    "procedures": Procedure,
    "conditions": Condition,
    "symptoms": Symptom,
    "red_flags": RedFlag,
    "findings": Finding,
}
T = TypeVar("T")


class CorruptCache(Exception):
    """A cache file that is not what it claims to be; always caught here and rebuilt."""


def cache_dir() -> Path | None:
    """The directory for cache files, or None when caching is off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    explicit = os.environ.get(CACHE_ENV, "")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec says to ignore a relative value
        return Path(xdg) / "spinecli"
    home = os.environ.get("HOME", "")
    return Path(home) / ".cache" / "spinecli" if home else None


# --- keys -----------------------------------------------------------------------------------


def _stat(path: str) -> tuple[int, ...]:
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def _code_key() -> tuple[Any, ...]:
    """What the code that builds a KB and its indexes is: any module of the package may hold an
    index builder (match.py's vocabulary uses text.py and lexicon.py), so all of them count."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = []
    with os.scandir(here) as entries:
        for entry in entries:
            if entry.name.endswith(".py"):
                st = entry.stat()
                code.append((entry.name, st.st_size, st.st_mtime_ns))
    return (FORMAT, __version__, marshal.version, sys.version_info[:2], tuple(sorted(code)))


def _crc_file(path: str) -> int:
    with open(path, "rb") as f:
        return zlib.crc32(f.read())


def _slot(paths: Sequence[str]) -> str:
    """The file name for this list of layers (the key inside the file says if it is current)."""
    text = "\0".join(paths).encode("utf-8", "surrogateescape")
    return f"kb-{zlib.crc32(text):08x}{zlib.adler32(text):08x}.cache"


def _layer_keys(paths: Sequence[str]) -> list[tuple[Any, ...]] | None:
    """(path, stat...) of every layer; None if one is not a readable regular file.

    Then the cache is left alone and kb.py reads the layers: it says what is wrong with a missing
    file or a directory, and a pipe (`--kb <(...)`) can be read only once.
    """
    from spinecli.files import MAX_KB_BYTES

    keys = []
    for path in paths:
        try:
            info = os.stat(path)
            # Too large: kb.py refuses it, before anything here reads it whole for a CRC.
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_KB_BYTES:
                return None
            st = _stat(path)
        except (OSError, ValueError):
            return None
        keys.append((path, *st))
    return keys


# --- the file -------------------------------------------------------------------------------
#
# MAGIC | header length (4 bytes) | header CRC-32 (4) | header | body
# header = marshal of {"key": ..., "racy": {layer index: content CRC}, "body": body length,
#                      "sections": {name: (offset in body, length, CRC-32)},
#                      "maps": {prefix: (number of keys, number of buckets)}}
# sections: "meta"; "<table>.rows", each entry one marshal blob at an (offset, length, CRC)
# found through the map "<table>"; "index.<name>" for each index of model.INDEXES, as a map when
# it is a dict with string keys. A map is "<prefix>.keys" (its keys in order, for iterating) and
# buckets "<prefix>.<n>" of about BUCKET keys each, so looking one key up decodes one bucket:
# `explain` costs about the same with 13 procedures as with 10,000.

BUCKET = 256


def _bucket(key: str, buckets: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogateescape")) % buckets


_HEAD = len(MAGIC) + 8


class Reader:
    """An open cache file: reads sections and entries on demand, checking each one."""

    def __init__(self, fd: int, header: dict[str, Any], path: Path, ident: int) -> None:
        self.fd = fd
        self.header = header
        self.path = path
        self.ident = ident  # the header's CRC: ties index side files to this very file
        self.base = _HEAD + header["length"]
        self.sections: dict[str, tuple[int, int, int]] = header["sections"]
        self.maps: dict[str, tuple[int, int]] = header["maps"]
        self.fallback: Callable[[], KnowledgeBase] = _no_fallback

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __del__(self) -> None:
        self.close()

    def _read(self, offset: int, length: int, crc: int) -> Any:
        data = os.pread(self.fd, length, self.base + offset)
        if len(data) != length or zlib.crc32(data) != crc:
            raise CorruptCache("checksum")
        try:
            return _quiet_loads(data)
        except (EOFError, ValueError, TypeError) as exc:
            raise CorruptCache(str(exc)) from None

    def section(self, name: str) -> Any:
        if name not in self.sections:
            raise KeyError(name)
        return self._read(*self.sections[name])

    # An index added to model.INDEXES after this file was written (by a module imported only by
    # some commands, as match.py's) lives in a side file next to it, a cache file of its own
    # whose key is this file's header CRC, written the first time the index is built.

    def _side(self, name: str) -> Path | None:
        ok = name and all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
        return self.path.with_name(f"{self.path.name}.{name}.idx") if ok else None

    def side(self, name: str) -> Reader | None:
        """The side file holding index name, if it is whole and belongs to this file."""
        path = self._side(name)
        return _open(path, self.ident, ()) if path is not None else None

    def write_side(self, name: str, value: Any) -> None:
        path = self._side(name)
        if path is not None:
            out = _Sections()
            out.add_index(name, value)
            out.write(path, self.ident, {})


def _quiet_loads(data: bytes) -> Any:
    """marshal.loads with the cyclic GC paused: it would scan the new tuples to no purpose."""
    if not gc.isenabled():
        return marshal.loads(data)
    gc.disable()
    try:
        return marshal.loads(data)
    finally:
        gc.enable()


_ABSENT: Any = object()


def _no_fallback() -> KnowledgeBase:
    raise CorruptCache("no fallback")


def _open(path: Path, key: Any, layers: Sequence[str]) -> Reader | None:
    """The cache file at path if it is whole and current (its key is key), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        head = os.pread(fd, _HEAD, 0)
        if len(head) != _HEAD or head[: len(MAGIC)] != MAGIC:
            raise CorruptCache("magic")
        length = int.from_bytes(head[len(MAGIC) : len(MAGIC) + 4], "little")
        crc = int.from_bytes(head[len(MAGIC) + 4 :], "little")
        raw = os.pread(fd, length, _HEAD)
        if len(raw) != length or zlib.crc32(raw) != crc:
            raise CorruptCache("header")
        header = marshal.loads(raw)
        if os.fstat(fd).st_size != _HEAD + length + header["body"]:
            raise CorruptCache("length")
        if header["key"] != key:
            raise CorruptCache("stale")
        for i, want in header["racy"].items():
            if _crc_file(layers[i]) != want:
                raise CorruptCache("stale")
        header["length"] = length
        return Reader(fd, header, path, crc)
    except (CorruptCache, OSError, EOFError, ValueError, TypeError, KeyError):
        os.close(fd)
        return None


# Records are stored as tuples of their field values. A field annotated `tuple[X, ...]` with X a
# record of the model (Condition.procedures, Procedure.guidelines...) holds tuples of X's values;
# every other field must be a str, number, bool, None or tuples of them, or marshal refuses it
# and the KB is simply not cached.
_NESTED: dict[type[Any], tuple[tuple[int, type[Any]], ...]] = {}


def _nested(cls: type[Any]) -> tuple[tuple[int, type[Any]], ...]:
    found = _NESTED.get(cls)
    if found is None:
        import inspect

        from spinecli import model

        annotations = inspect.get_annotations(cls)
        pairs = []
        for i, name in enumerate(fields(cls)):
            hint = str(annotations[name])
            if hint.startswith("tuple[") and hint.endswith(", ...]"):
                inner = getattr(model, hint[len("tuple[") : -len(", ...]")], None)
                if isinstance(inner, type) and "__record_fields__" in inner.__dict__:
                    pairs.append((i, inner))
        found = _NESTED[cls] = tuple(pairs)
    return found


def _values(obj: Any) -> tuple[Any, ...]:
    values = values_of(obj)
    nested = _nested(type(obj))
    if not nested:
        return values
    out = list(values)
    for i, _ in nested:
        out[i] = tuple(_values(item) for item in values[i])
    return tuple(out)


def _record(cls: type[T], values: tuple[Any, ...]) -> T:
    nested = _nested(cls)
    if nested:
        out = list(values)
        for i, inner in nested:
            out[i] = tuple(_record(inner, item) for item in values[i])
        values = tuple(out)
    return build(cls, values)


def _encode(table: str, entity: Any) -> bytes:
    return marshal.dumps(_values(entity))


def _decode(table: str, values: tuple[Any, ...]) -> Any:
    return _record(TABLES[table], values)


# KnowledgeBase fields that are neither tables nor per-run (files, derived): stored in "meta".
_META = tuple(f for f in fields(KnowledgeBase) if f not in TABLES and f not in ("files", "derived"))


def _meta_values(kb: KnowledgeBase) -> tuple[Any, ...]:
    nested = dict(_nested(KnowledgeBase))
    names = fields(KnowledgeBase)
    out = []
    for name in _META:
        value = getattr(kb, name)
        inner = nested.get(names.index(name))
        out.append(tuple(_values(v) for v in value) if inner else value)
    return tuple(out)


def _meta_fields(values: tuple[Any, ...]) -> dict[str, Any]:
    nested = dict(_nested(KnowledgeBase))
    names = fields(KnowledgeBase)
    out: dict[str, Any] = {}
    for name, value in zip(_META, values, strict=True):
        inner = nested.get(names.index(name))
        out[name] = tuple(_record(inner, v) for v in value) if inner else value
    return out


class _Sections:
    """A cache file being put together: sections, and maps in buckets (the layout above)."""

    def __init__(self) -> None:
        self.body: list[bytes] = []
        self.sections: dict[str, tuple[int, int, int]] = {}
        self.maps: dict[str, tuple[int, int]] = {}
        self.size = 0

    def add(self, name: str, blob: bytes) -> None:
        self.sections[name] = (self.size, len(blob), zlib.crc32(blob))
        self.body.append(blob)
        self.size += len(blob)

    def add_map(self, prefix: str, mapping: Mapping[str, Any]) -> None:
        buckets = max(1, len(mapping) // BUCKET)
        parts: list[dict[str, Any]] = [{} for _ in range(buckets)]
        for k, v in mapping.items():
            parts[_bucket(k, buckets)][k] = v
        self.add(f"{prefix}.keys", marshal.dumps(tuple(mapping)))
        for n, part in enumerate(parts):
            self.add(f"{prefix}.{n}", marshal.dumps(part))
        self.maps[prefix] = (len(mapping), buckets)

    def add_index(self, name: str, value: Any) -> None:
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            self.add_map(f"index.{name}", value)
        else:
            self.add(f"index.{name}", marshal.dumps(value))

    def write(self, path: Path, key: Any, racy: dict[int, int]) -> None:
        header = marshal.dumps(
            {
                "key": key,
                "racy": racy,
                "body": self.size,
                "sections": self.sections,
                "maps": self.maps,
            }
        )
        crc = zlib.crc32(header).to_bytes(4, "little")
        _atomic_write(path, [MAGIC + len(header).to_bytes(4, "little") + crc, header, *self.body])


def _write(path: Path, key: dict[str, Any], racy: dict[int, int], kb: KnowledgeBase) -> None:
    """Writes kb to path atomically; any OSError is the caller's to ignore."""
    out = _Sections()
    out.add("meta", marshal.dumps(_meta_values(kb)))
    for table in TABLES:
        entries: Mapping[str, Any] = getattr(kb, table)
        where: dict[str, tuple[int, int, int]] = {}
        blobs = []
        offset = 0
        for eid, entity in entries.items():
            blob = _encode(table, entity)
            where[eid] = (offset, len(blob), zlib.crc32(blob))
            blobs.append(blob)
            offset += len(blob)
        out.add(f"{table}.rows", b"".join(blobs))
        out.add_map(table, where)
    for name in INDEXES:
        out.add_index(name, kb.index(name))
    out.write(path, key, racy)
    _tidy(path)


def _tidy(written: Path) -> None:
    """Removes what the new file makes useless: its old side files, and temporary files that
    a writer killed mid-write left more than an hour ago. Runs only after a rebuild."""
    old = time.time() - 3600
    for side in written.parent.glob(f"{written.name}.*.idx"):
        with contextlib.suppress(OSError):
            side.unlink()
    for tmp in written.parent.glob("kb-*.tmp"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < old:
                tmp.unlink()


def _atomic_write(path: Path, blobs: Sequence[bytes]) -> None:
    """Writes a temporary file beside path, then renames it over path: all or nothing."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            for blob in blobs:
                f.write(blob)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- the lazy KB ----------------------------------------------------------------------------


class LazyMap(Mapping[str, Any]):
    """A map of the cache file (see the layout above): one bucket decoded per key looked up.

    Raises CorruptCache when a section fails its check; the owners below fall back on a KB
    rebuilt from the TOML.
    """

    def __init__(self, reader: Reader, prefix: str) -> None:
        self._reader = reader
        self._prefix = prefix
        self._count, self._buckets = reader.maps[prefix]
        self._loaded: dict[int, dict[str, Any]] = {}
        self._keys: tuple[str, ...] | None = None

    def _part(self, key: str) -> dict[str, Any]:
        n = _bucket(key, self._buckets)
        part = self._loaded.get(n)
        if part is None:
            part = self._loaded[n] = self._reader.section(f"{self._prefix}.{n}")
        return part

    def __getitem__(self, key: str) -> Any:
        if not isinstance(key, str):
            raise KeyError(key)
        return self._part(key)[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._part(key)

    def __iter__(self) -> Iterator[str]:
        if self._keys is None:
            self._keys = self._reader.section(f"{self._prefix}.keys")
        return iter(self._keys)

    def __len__(self) -> int:
        return self._count


class LazyTable(Mapping[str, T]):
    """One table of a cached KB: entries decoded when first asked for."""

    def __init__(self, reader: Reader, table: str) -> None:
        self._reader = reader
        self._table = table
        self._where = LazyMap(reader, table)
        self._decoded: dict[str, T] = {}

    def _fallback(self) -> Mapping[str, T]:
        table: Mapping[str, T] = getattr(self._reader.fallback(), self._table)
        return table

    def __getitem__(self, key: str) -> T:
        found = self._decoded.get(key)
        if found is not None:
            return found
        try:
            offset, length, crc = self._where[key]  # KeyError for an unknown id, as a dict
            base = self._reader.sections[f"{self._table}.rows"][0]
            entity: T = _decode(self._table, self._reader._read(base + offset, length, crc))
        except (CorruptCache, TypeError, ValueError):
            entity = self._fallback()[key]
        self._decoded[key] = entity
        return entity

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._where
        except CorruptCache:
            return key in self._fallback()

    def __iter__(self) -> Iterator[str]:
        try:
            return iter(self._where)
        except CorruptCache:
            return iter(self._fallback())

    def __len__(self) -> int:
        return len(self._where)

    def __repr__(self) -> str:
        return f"LazyTable({self._table!r}, {len(self)} entries)"


class LazyIndexes(dict[str, Any]):
    """KnowledgeBase.derived for a cached KB: indexes come from the file when first asked for."""

    def __init__(self, reader: Reader) -> None:
        super().__init__()
        self._reader = reader
        self.kb: KnowledgeBase | None = None

    def __missing__(self, name: str) -> Any:
        value = _index_in(self._reader, name)
        if value is _ABSENT:
            side = self._reader.side(name)
            if side is not None:
                side.fallback = self._reader.fallback
                value = _index_in(side, name)
        if value is _ABSENT:
            if name not in INDEXES or self.kb is None:
                raise KeyError(name)
            value = INDEXES[name](self.kb)
            # Unwritable, or data marshal cannot store: built again next time.
            with contextlib.suppress(OSError, ValueError):
                self._reader.write_side(name, value)
        self[name] = value
        return value


def _index_in(reader: Reader, name: str) -> Any:
    """Index name as the file at reader has it (a lazy map for a dict), or _ABSENT."""
    try:
        if f"index.{name}" in reader.maps:
            return _Checked(LazyMap(reader, f"index.{name}"), reader, name)
        return reader.section(f"index.{name}")
    except KeyError:
        return _ABSENT
    except CorruptCache:
        return reader.fallback().index(name)


class _Checked(Mapping[str, Any]):
    """An index map that turns to the rebuilt KB's index if a bucket of it is damaged."""

    def __init__(self, inner: LazyMap, reader: Reader, name: str) -> None:
        self._inner, self._reader, self._name = inner, reader, name

    def _whole(self) -> Mapping[str, Any]:
        whole: Mapping[str, Any] = self._reader.fallback().index(self._name)
        return whole

    def __getitem__(self, key: str) -> Any:
        try:
            return self._inner[key]
        except CorruptCache:
            return self._whole()[key]

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._inner
        except CorruptCache:
            return key in self._whole()

    def __iter__(self) -> Iterator[str]:
        try:
            return iter(self._inner)
        except CorruptCache:
            return iter(self._whole())

    def __len__(self) -> int:
        return len(self._inner)


def _lazy_kb(reader: Reader, files: Sequence[str]) -> KnowledgeBase:
    meta = _meta_fields(reader.section("meta"))
    tables: dict[str, Any] = {t: LazyTable[Any](reader, t) for t in TABLES}
    derived = LazyIndexes(reader)
    kb = KnowledgeBase(files=tuple(files), derived=derived, **meta, **tables)
    derived.kb = kb
    return kb


# --- entry points ---------------------------------------------------------------------------


def _cold(paths: list[Path]) -> KnowledgeBase:
    from spinecli.kb import build as build_kb
    from spinecli.kb import load_layers

    return build_kb(load_layers(paths), [str(p) for p in paths])


def load_kb(cli_layers: Sequence[str] = (), env: str | None = None) -> KnowledgeBase:
    """`kb.load_kb`, served from the cache when every layer is unchanged."""
    paths = layer_paths(cli_layers, env)
    where = cache_dir()
    abs_paths = [os.path.abspath(p) for p in paths]
    layers = _layer_keys(abs_paths) if where is not None else None
    if where is None or layers is None:
        return _cold(paths)
    try:
        key = {"code": _code_key(), "layers": layers}
    except OSError:  # the package's own files cannot be stat'ed: do without the cache
        return _cold(paths)
    file = where / _slot(abs_paths)
    reader = _open(file, key, abs_paths)
    if reader is not None:
        reader.fallback = _memo(lambda: _rebuild(paths, file, key, abs_paths))
        try:
            return _lazy_kb(reader, [str(p) for p in paths])
        except (CorruptCache, KeyError, TypeError, ValueError):
            reader.close()
    return _rebuild(paths, file, key, abs_paths)


def _rebuild(
    paths: list[Path], file: Path, key: dict[str, Any], abs_paths: Sequence[str]
) -> KnowledgeBase:
    """Builds the KB from TOML (validating it) and stores it, if nothing changed meanwhile."""
    now = time.time_ns()
    try:
        racy = {
            i: _crc_file(p)
            for i, (p, *st) in enumerate(key["layers"])
            if max(st[1], st[2]) >= now - RACY_NS
        }
    except OSError:  # gone or unreadable since: kb.py will say so
        return _cold(paths)
    kb = _cold(paths)
    if _layer_keys(abs_paths) == key["layers"]:
        # Read-only or full (OSError), or a field marshal cannot store (ValueError): the KB is
        # good, just not cached.
        with contextlib.suppress(OSError, ValueError):
            _write(file, key, racy, kb)
    return kb


def _memo(fn: Callable[[], T]) -> Callable[[], T]:
    box: list[T] = []

    def once() -> T:
        if not box:
            box.append(fn())
        return box[0]

    return once


def names(
    kind: str, cli_layers: Sequence[str] = (), env: str | None = None
) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(id, name, aliases) of every entry of kind ("procedures" or "conditions"), in KB order.

    Served from the cache without decoding a single entry (`complete.py` calls it on every TAB).
    Raises what load_kb raises (KBError for a broken KB).
    """
    result: tuple[tuple[str, str, tuple[str, ...]], ...] = load_kb(cli_layers, env).index(
        f"labels.{kind}"
    )
    return result
