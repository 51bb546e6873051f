"""The parsed-KB cache, as a user sees it: the same KB as from the TOML every time, whatever
happened to the cache file (damage, a FIFO, a directory, no permission, a race, an edit), never a
hang or an error; and a hit reads no TOML."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import spinecli.kb
from spinecli import kbcache
from spinecli.errors import KBError
from spinecli.model import INDEXES, KnowledgeBase
from spinecli.record import fields

from .conftest import Invoke, write

LAYER = """
[procedures.alpha-block]
summary = "Layer summary one."

[procedures.gamma-burn]
name = "Gamma burn"
aliases = ["GB"]
summary = "A layered procedure."
category = "ablation"
regions = ["lumbar"]
purpose = "To test layers."
steps = ["Burn."]
risks = ["Heat."]
sources = ["src-a"]

[procedures.gamma-burn.recovery]
day_of = ["Rest."]

[procedures.gamma-burn.warning_signs]
emergency = ["Weakness."]
"""


class Counter:
    """Counts how often the TOML is read (kb.load_layers), so a test can tell a hit from a
    rebuild."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.builds = 0
        real: Callable[..., Any] = spinecli.kb.load_layers

        def counted(*args: Any) -> Any:
            self.builds += 1
            return real(*args)

        monkeypatch.setattr(spinecli.kb, "load_layers", counted)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("SPINECLI_CACHE_DIR", str(where))
    return where


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Counter:
    return Counter(monkeypatch)


def layers(tmp_path: Path) -> list[str]:
    one = write(tmp_path, LAYER, "one.toml")
    two = write(tmp_path, '[conditions.gamma-pain]\n\nsummary = "Layer two."\n', "two.toml")
    return [str(one), str(two)]


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("kb-*.cache"))


def read_all(kb: KnowledgeBase) -> list[Any]:
    """Every field and index of kb, every entry read."""
    maps = [n for n in fields(KnowledgeBase) if isinstance(getattr(kb, n), Mapping)]
    found = [dict(getattr(kb, n)) for n in maps if n != "derived"]
    for name in INDEXES:
        value = kb.index(name)
        found.append(dict(value) if isinstance(value, Mapping) else value)
    return found


def assert_same(cached: KnowledgeBase, fresh: KnowledgeBase) -> None:
    """Every field and every index equal, every entry read."""
    assert cached == fresh
    for name in fields(KnowledgeBase):
        value = getattr(fresh, name)
        if isinstance(value, Mapping) and name != "derived":
            assert dict(getattr(cached, name)) == dict(value)
    for name in INDEXES:
        built, stored = fresh.index(name), cached.index(name)
        assert (dict(stored) if isinstance(built, dict) else stored) == built


def test_second_load_is_served_from_the_cache(
    mini: Path, cache: Path, tmp_path: Path, builds: Counter
) -> None:
    paths = layers(tmp_path)
    first = kbcache.load_kb(paths, env="")
    assert builds.builds == 1 and len(cache_files(cache)) == 1
    second = kbcache.load_kb(paths, env="")
    assert builds.builds == 1
    assert_same(second, first)
    assert_same(second, spinecli.kb.load_kb(paths, env=""))
    assert second.procedures["alpha-block"].summary == "Layer summary one."
    assert second.files == first.files


def test_each_layer_list_has_its_own_file(mini: Path, cache: Path, tmp_path: Path) -> None:
    kbcache.load_kb([], env="")
    kbcache.load_kb(layers(tmp_path), env="")
    assert len(cache_files(cache)) == 2


@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize("how", ["longer", "same size", "same size, old mtime", "touch"])
def test_any_change_to_any_layer_is_seen(
    mini: Path,
    cache: Path,
    tmp_path: Path,
    builds: Counter,
    monkeypatch: pytest.MonkeyPatch,
    which: int,
    how: str,
) -> None:
    base = write(tmp_path, mini.read_text(encoding="utf-8"), "base.toml")
    monkeypatch.setattr(spinecli.paths, "shipped_kb_path", lambda: base)
    paths = layers(tmp_path)
    target = [base, *map(Path, paths)][which]
    kbcache.load_kb(paths, env="")
    kbcache.load_kb(paths, env="")
    assert builds.builds == 1

    text = target.read_text(encoding="utf-8")
    st = target.stat()
    head, tail = text.rsplit('summary = "', 1)  # the last summary: no later layer replaces it
    if how == "longer":
        changed = head + 'summary = "Changed. ' + tail
    elif how == "touch":
        changed = text
    else:  # the same number of bytes: only mtime, ctime or content can tell
        changed = (head + 'summary = "X' + tail).replace("\n\n", "\n", 1)
        assert len(changed.encode()) == st.st_size
    target.write_text(changed, encoding="utf-8")
    if how == "same size, old mtime":
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif how == "touch":
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))

    again = kbcache.load_kb(paths, env="")
    assert builds.builds == 2
    assert_same(again, spinecli.kb.load_kb(paths, env=""))
    tables = ("procedures", "conditions", "red_flags")
    summaries = [e.summary for t in tables for e in getattr(again, t).values()]
    edited = [s for s in summaries if s.startswith(("Changed. ", "X"))]
    assert len(edited) == (0 if how == "touch" else 1)


def test_invalid_kb_is_never_cached(mini: Path, cache: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, '[procedures.alpha-block]\ncategory = "nonsense"\n', "bad.toml")
    for _ in range(2):
        with pytest.raises(KBError) as cached_error:
            kbcache.load_kb([str(bad)], env="")
        with pytest.raises(KBError) as plain_error:
            spinecli.kb.load_kb([str(bad)], env="")
        assert str(cached_error.value) == str(plain_error.value)
    assert cache_files(cache) == []
    bad.write_text('[procedures.alpha-block]\ncategory = "ablation"\n', encoding="utf-8")
    assert kbcache.load_kb([str(bad)], env="").procedures["alpha-block"].category == "ablation"


def test_missing_layer_reports_as_without_cache(mini: Path, cache: Path, tmp_path: Path) -> None:
    with pytest.raises(KBError, match="no such file"):
        kbcache.load_kb([str(tmp_path / "nope.toml")], env="")


def damage_header(data: bytes) -> bytes:
    return data[:20] + bytes([data[20] ^ 0xFF]) + data[21:]


def damage_body(data: bytes) -> bytes:
    return data[:-5] + bytes([data[-5] ^ 0x01]) + data[-4:]


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: b"",
        lambda d: d[: len(d) // 2],
        lambda d: d[:-1],
        lambda d: d + b"extra",
        lambda d: b"not a cache file at all",
        lambda d: b"\0" * len(d),
        damage_header,
        damage_body,
    ],
    ids=["empty", "half", "short", "long", "garbage", "zeros", "header", "body"],
)
def test_damaged_cache_is_rebuilt(
    mini: Path, cache: Path, tmp_path: Path, builds: Counter, damage: Callable[[bytes], bytes]
) -> None:
    paths = layers(tmp_path)
    fresh = spinecli.kb.load_kb(paths, env="")
    kbcache.load_kb(paths, env="")
    (file,) = cache_files(cache)
    file.write_bytes(damage(file.read_bytes()))
    assert_same(kbcache.load_kb(paths, env=""), fresh)
    # And the file is whole again: the next run is a plain hit.
    reads = builds.builds
    assert_same(kbcache.load_kb(paths, env=""), fresh)
    assert builds.builds == reads


def test_a_flipped_byte_anywhere_is_caught(mini: Path, cache: Path, tmp_path: Path) -> None:
    """One byte flipped at any of 60 places through the file: every field, entry and index
    still reads as from the TOML (found when the file is opened, or when a piece is read)."""
    paths = layers(tmp_path)
    fresh = spinecli.kb.load_kb(paths, env="")
    kbcache.load_kb(paths, env="")
    (file,) = cache_files(cache)
    good = file.read_bytes()
    for at in range(0, len(good), max(1, len(good) // 60)):
        file.write_bytes(good[:at] + bytes([good[at] ^ 0x40]) + good[at + 1 :])
        assert_same(kbcache.load_kb(paths, env=""), fresh)


def test_damage_met_mid_command_after_an_edit_is_no_mix(
    mini: Path, cache: Path, tmp_path: Path
) -> None:
    """A KB opened from the cache, then its file damaged and a layer edited before an entry is
    read: no entry of the new TOML is served beside the old; the command is told to run again,
    and running it again gives the new KB."""
    paths = layers(tmp_path)
    kbcache.load_kb(paths, env="")
    opened = kbcache.load_kb(paths, env="")  # nothing of the tables read yet
    (file,) = cache_files(cache)
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2] + bytes(len(data) - len(data) // 2))
    Path(paths[0]).write_text(LAYER.replace("Layer summary one", "Edited"), encoding="utf-8")
    with pytest.raises(kbcache.KBChanged):
        read_all(opened)
    again = kbcache.load_kb(paths, env="")
    assert again.procedures["alpha-block"].summary == "Edited."
    assert_same(again, spinecli.kb.load_kb(paths, env=""))


def test_the_command_runs_again_after_such_a_change(
    mini: Path, monkeypatch: pytest.MonkeyPatch, cli: Invoke
) -> None:
    """What a user sees of KBChanged: the command's normal output (its query ran again)."""
    from spinecli import queries

    real = queries.explain
    calls: list[int] = []

    def once_changed(kb: KnowledgeBase, name: str, *rest: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise kbcache.KBChanged([])
        return real(kb, name, *rest)  # explain's --section and --brief

    monkeypatch.setattr(queries, "explain", once_changed)
    r = cli("explain", "alpha-block", "--format", "json")
    assert r.code == 0 and '"id": "alpha-block"' in r.out and calls == [1, 1]


@pytest.mark.parametrize("what", ["fifo", "directory", "no permission"])
def test_something_else_in_the_cache_files_place(
    mini: Path,
    cache: Path,
    tmp_path: Path,
    builds: Counter,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
) -> None:
    """Never a hang or an error: the KB from the TOML, each time."""
    import signal

    paths = layers(tmp_path)
    fresh = spinecli.kb.load_kb(paths, env="")
    kbcache.load_kb(paths, env="")
    (file,) = cache_files(cache)
    file.unlink()
    if what == "fifo":
        os.mkfifo(file)
    elif what == "directory":
        file.mkdir()
    else:  # (the suite may run as root, whom file modes do not stop)
        real_open = os.open

        def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
            if str(path).endswith(".cache"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the cache hung"))
    signal.alarm(30)
    try:
        for run in range(2):
            reads = builds.builds
            assert_same(kbcache.load_kb(paths, env=""), fresh)
            # A FIFO is replaced by a whole cache file at the first rebuild; a directory cannot be.
            assert builds.builds == reads + (0 if what == "fifo" and run else 1)
    finally:
        signal.alarm(0)


def test_unwritable_cache_dir_still_works(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: Counter
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("SPINECLI_CACHE_DIR", str(blocker / "cache"))
    paths = layers(tmp_path)
    fresh = spinecli.kb.load_kb(paths, env="")
    for _ in range(2):
        assert_same(kbcache.load_kb(paths, env=""), fresh)
    assert builds.builds == 3  # fresh, then each run


def test_read_only_cache_dir_still_serves_and_works(
    mini: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: Counter
) -> None:
    paths = layers(tmp_path)
    kbcache.load_kb(paths, env="")

    real_open = open

    def refuse(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(path).endswith(".tmp"):
            raise PermissionError(30, "Read-only file system", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    served = kbcache.load_kb(paths, env="")
    assert builds.builds == 1  # a hit: no TOML read
    assert_same(served, spinecli.kb.load_kb(paths, env=""))
    Path(paths[0]).write_text(LAYER.replace("Layer summary one", "Edited"), encoding="utf-8")
    edited = kbcache.load_kb(paths, env="")
    assert edited.procedures["alpha-block"].summary == "Edited."
    assert builds.builds == 3  # (the check above read the TOML once)


def test_cache_can_be_turned_off(mini: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINECLI_NO_CACHE", "1")
    kbcache.load_kb([], env="")
    assert not cache.exists()


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SPINECLI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert kbcache.cache_dir() == tmp_path / "spinecli"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the XDG spec: ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert kbcache.cache_dir() == tmp_path / "home" / ".cache" / "spinecli"


RACE = """
import sys
from pathlib import Path
import spinecli.paths
spinecli.paths.shipped_kb_path = lambda: Path(sys.argv[1])
from spinecli import kbcache
for _ in range(int(sys.argv[2])):
    kb = kbcache.load_kb(sys.argv[3:], env="")
    print(sorted(kb.procedures), kb.procedures["alpha-block"].summary, dict(kb.index("treated_by")))
"""


@pytest.mark.slow
def test_racing_processes(mini: Path, cache: Path, tmp_path: Path) -> None:
    """Processes writing and reading the same cache file at once all get the right KB."""
    paths = layers(tmp_path)
    expected = spinecli.kb.load_kb(paths, env="")
    env = {**os.environ, "SPINECLI_CACHE_DIR": str(cache)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACE, str(mini), "5", *paths],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    want = f"{sorted(expected.procedures)} Layer summary one. {expected.index('treated_by')}"
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert out.splitlines() == [want] * 5
    assert len(cache_files(cache)) == 1
    assert list(cache.glob("*.tmp")) == []


def test_writer_replaced_under_a_reader(mini: Path, cache: Path, tmp_path: Path) -> None:
    """A reader keeps reading the file it opened while another process replaces it."""
    paths = layers(tmp_path)
    kbcache.load_kb(paths, env="")
    reader_kb = kbcache.load_kb(paths, env="")  # opened, nothing decoded yet
    (file,) = cache_files(cache)
    file.unlink()
    kbcache.load_kb(paths, env="")  # a new file in its place
    assert_same(reader_kb, spinecli.kb.load_kb(paths, env=""))


def count_ids(kb: KnowledgeBase) -> int:
    """An index of this test's own (model.INDEXES names builders by "module:function")."""
    return len(kb.procedures)


def test_an_index_the_file_lacks_is_built(
    mini: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = layers(tmp_path)
    kbcache.load_kb(paths, env="")
    monkeypatch.setitem(INDEXES, "test.count", f"{__name__}:count_ids")
    assert kbcache.load_kb(paths, env="").index("test.count") == 3  # from the stored tables
    with pytest.raises(KeyError):
        kbcache.load_kb(paths, env="").index("no.such.index")


def test_names_for_completion_come_from_the_cache(
    mini: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = layers(tmp_path)
    expected = (
        ("alpha-block", "Alpha block", ("AB", "alpha")),
        ("beta-ablation", "Beta ablation", ("BA",)),
        ("gamma-burn", "Gamma burn", ("GB",)),
    )
    assert kbcache.load_kb(paths, env="").index("labels.procedures") == expected
    import tomli

    def no_parsing(text: str) -> object:
        raise AssertionError("parsed TOML on a cache hit")

    monkeypatch.setattr(tomli, "loads", no_parsing)
    assert kbcache.load_kb(paths, env="").index("labels.procedures") == expected
    from spinecli.complete import candidates

    assert candidates("procedure", "g", paths) == ["gamma-burn", "gamma burn", "gb"]


FIFO_WRITER = """
import os, sys, time
with open(sys.argv[1], "w") as f:
    f.write(sys.argv[2])
time.sleep(1)
try:
    os.close(os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK))
except OSError:
    pass  # nobody reading: as it should be
"""


@pytest.mark.slow
def test_layers_that_are_not_regular_files_bypass_the_cache(
    mini: Path, cache: Path, tmp_path: Path, builds: Counter
) -> None:
    with pytest.raises(KBError, match="is a directory"):
        kbcache.load_kb([str(tmp_path)], env="")
    fifo = tmp_path / "layer.fifo"
    os.mkfifo(fifo)
    # The layer once; then, should anyone be waiting to read the pipe a second time, an end of
    # file (so a second read yields an empty layer and fails instead of hanging).
    writer = subprocess.Popen(
        [sys.executable, "-c", FIFO_WRITER, str(fifo), LAYER], stderr=subprocess.DEVNULL
    )
    kb = kbcache.load_kb([str(fifo)], env="")  # read once, by kb.py, and not cached
    writer.wait(timeout=30)
    assert kb.procedures["gamma-burn"].name == "Gamma burn"
    assert cache_files(cache) == [] and builds.builds == 2


@pytest.mark.parametrize("base", ["shipped", "study", "mini"])
def test_every_kb_round_trips(
    cache: Path, monkeypatch: pytest.MonkeyPatch, builds: Counter, base: str
) -> None:
    """Every field of every record, nested records included, comes back from the cache equal."""
    from .conftest import MINI, STUDY

    if base != "shipped":
        monkeypatch.setattr(
            spinecli.paths, "shipped_kb_path", lambda: {"study": STUDY, "mini": MINI}[base]
        )
    fresh = spinecli.kb.load_kb([], env="")
    kbcache.load_kb([], env="")
    cached = kbcache.load_kb([], env="")
    assert builds.builds == 2  # fresh, then the first cached load
    assert_same(cached, fresh)
    assert cached.anticoagulation == fresh.anticoagulation
    for pid in fresh.procedures:
        assert cached.pathway(pid) == fresh.pathway(pid)
        scan = [(p, r) for p in fresh.procedures.values() for r in p.requires if r.procedure == pid]
        assert cached.leads_to(pid) == fresh.leads_to(pid) == scan
        treats = [
            (c, t.role)
            for c in fresh.conditions.values()
            for t in c.procedures
            if t.procedure == pid
        ]
        assert cached.treatments_of(pid) == fresh.treatments_of(pid) == treats
    for cid in fresh.conditions:
        scan_s = [(s, w) for s in fresh.symptoms.values() for c, w in s.conditions if c == cid]
        assert cached.symptoms_of(cid) == sorted(scan_s, key=lambda sw: (-sw[1], sw[0].name))


def test_match_reads_its_vocabulary_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compiled phrases come from the cache after one run, and match exactly as compiled."""
    from spinecli import match
    from spinecli.negation import compile_cues

    queries = [
        "burning pain down my left leg, worse sitting, numb toes",
        "no numbness between my legs, but neck pain into the arm",
        "sciatca with tingling",  # a typo, through the stored typo index
        "back pain and a temp of 39.2",  # a red flag, raised by a value
    ]
    fresh = spinecli.kb.load_kb([], env="")
    expected = [match.match(fresh, q) for q in queries]
    kbcache.load_kb([], env="").index("match.vocabulary")  # built once, kept in the cache
    compiled: list[int] = []
    real = match.vocabulary_tables

    def counted(kb: KnowledgeBase) -> Any:
        compiled.append(1)
        return real(kb)

    monkeypatch.setattr(match, "vocabulary_tables", counted)
    cached = kbcache.load_kb([], env="")
    assert [match.match(cached, q) for q in queries] == expected
    assert match.vocabulary(cached).cues == compile_cues()  # the negation lexicon too
    assert compiled == []
    assert any(r.conditions for r in expected) and any(r.red_flags for r in expected)


def test_editing_any_module_invalidates(
    mini: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: Counter
) -> None:
    """An index may be built by any module (match's vocabulary uses text.py): all of them count."""
    package = tmp_path / "package"
    package.mkdir()
    for name in ("kbcache.py", "text.py", "rewrites.py"):
        (package / name).write_text(f"# {name}\n", encoding="utf-8")
    monkeypatch.setattr(kbcache, "__file__", str(package / "kbcache.py"))
    kbcache.load_kb([], env="")
    kbcache.load_kb([], env="")
    assert builds.builds == 1
    (package / "rewrites.py").write_text("# rewrites.py, edited\n", encoding="utf-8")
    kbcache.load_kb([], env="")
    assert builds.builds == 2
