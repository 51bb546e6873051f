"""Writes a synthetic knowledge base of N procedures, for scale benchmarks.

    python benchmarks/gen_kb.py 10000 /tmp/kb10k
    spinecli validate /tmp/kb10k/*.toml

It writes one layer file per table (sources, procedures, conditions, symptoms, red_flags), a
table over 4 MiB in several: at 10,000 procedures the whole is about 30 MB, over the 5 MiB a
single KB file may have, and several layers also exercise the cache's per-layer keys. Together
they are a valid layer set over the shipped KB: ids, names and aliases are prefixed so they
never collide with shipped ones, and every reference points into the set itself. Conditions,
symptoms, red flags and sources come in the shipped KB's proportions (per 13 procedures: 17
conditions, 57 symptoms, 5 red flags, 40 sources), so a 10,000-procedure KB stresses the same
code paths the real one does, 770 times
over. The content is nonsense by design, not medical information. The output is deterministic
for a given N and --seed.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

# Shipped proportions, per 13 procedures (see module docstring).
PER_13 = {"conditions": 17, "symptoms": 57, "red_flags": 5, "sources": 40}
CATEGORIES = ("injection", "nerve-block", "ablation", "neuromodulation", "implant", "diagnostic")
REGIONS = ("cervical", "thoracic", "lumbar", "sacral", "peripheral")
ROLES = ("diagnostic", "therapeutic", "diagnostic-and-therapeutic", "last-resort")
# fmt: off
WORDS = (
    "amber", "basil", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper",
    "kestrel", "lumen", "meadow", "nimbus", "ochre", "pewter", "quartz", "russet", "sable",
    "tundra", "umber", "vellum", "willow", "xenon", "yarrow", "zephyr",
)
BODY = ("back", "neck", "hip", "knee", "shoulder", "leg", "arm", "foot", "hand", "thigh", "calf")
FEEL = ("ache", "burning", "tingling", "numbness", "stiffness", "throbbing", "cramping", "weakness")
# fmt: on


def q(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for this ASCII text)."""
    return json.dumps(text)


def qs(items: list[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def word(i: int) -> str:
    """A distinct two-word tag for every i, so names read like words, not only numbers."""
    return f"{WORDS[i % len(WORDS)]}-{WORDS[(i // len(WORDS)) % len(WORDS)]}"


def counts(procedures: int) -> dict[str, int]:
    return {k: max(1, round(procedures * v / 13)) for k, v in PER_13.items()}


TABLES = ("sources", "procedures", "conditions", "symptoms", "red_flags")
CHUNK_BYTES = 4 * 1024 * 1024  # under the accepted layer size (spinecli/files.py MAX_KB_BYTES)


def generate(procedures: int, seed: int = 0) -> dict[str, str]:
    """Table name -> TOML text of that layer."""
    head = f"# Synthetic KB layer: {procedures} procedures (benchmarks/gen_kb.py, seed {seed}).\n"
    return {t: head + "".join(parts) for t, parts in entries(procedures, seed).items()}


def entries(procedures: int, seed: int = 0) -> dict[str, list[str]]:
    """Table name -> the TOML text of each of its entries."""
    rng = random.Random(seed)
    n = counts(procedures)
    files: dict[str, list[str]] = {t: [] for t in TABLES}
    src = [f"syn-src-{i:05d}" for i in range(n["sources"])]
    proc = [f"syn-proc-{i:05d}" for i in range(procedures)]
    cond = [f"syn-cond-{i:05d}" for i in range(n["conditions"])]

    out = files["sources"]
    for i, sid in enumerate(src):
        out.append(
            f"\n[sources.{sid}]\ntitle = {q(f'Synthetic source {i} ({word(i)})')}\n"
            f"publisher = {q('Benchmark Press')}\nyear = {2000 + i % 26}\n"
            f"url = {q(f'https://example.org/syn/{i}')}\n"
        )
    out = files["procedures"]
    for i, pid in enumerate(proc):
        w = word(i)
        out.append(
            f"\n[procedures.{pid}]\nname = {q(f'Synthetic {w} procedure {i}')}\n"
            f"aliases = {qs([f'SP{i}', f'{w} technique {i}'])}\n"
            f"summary = {q(f'A synthetic procedure ({w}) that exists only to measure speed.')}\n"
            f"category = {q(CATEGORIES[i % len(CATEGORIES)])}\n"
            f"regions = {qs(sorted(rng.sample(REGIONS, 2)))}\n"
            f"purpose = {q(f'To load, index and render entry {i} quickly.')}\n"
            f"steps = {qs([f'Step one of {w}.', 'Step two: wait.', 'Step three: check.'])}\n"
            f"imaging = {q('Fluoroscopy (synthetic).')}\nduration = {q('About 20 minutes.')}\n"
            f"risks = {qs(['Synthetic soreness.', 'Synthetic bruising.'])}\n"
            f"contraindications = {qs(['Synthetic infection at the site.'])}\n"
            f"sources = {qs(rng.sample(src, min(2, len(src))))}\n"
            f"reviewed = {q('2026-01-01')}\n"
            f"\n[procedures.{pid}.recovery]\n"
            f"before = {qs(['Arrange a driver.'])}\n"
            f"first_48_hours = {qs(['Rest the area.', 'Ice if sore.'])}\n"
            f"\n[procedures.{pid}.warning_signs]\n"
            f"emergency = {qs(['New weakness.'])}\ncall_clinic = {qs(['Fever or redness.'])}\n"
        )
    out = files["conditions"]
    for i, cid in enumerate(cond):
        w = word(i)
        treated = rng.sample(proc, min(3, len(proc)))
        plist = ", ".join(
            f"{{ id = {q(p)}, role = {q(ROLES[j % len(ROLES)])} }}" for j, p in enumerate(treated)
        )
        out.append(
            f"\n[conditions.{cid}]\nname = {q(f'Synthetic {w} condition {i}')}\n"
            f"aliases = {qs([f'SC{i}'])}\n"
            f"summary = {q(f'A synthetic condition ({w}) for benchmarks.')}\n"
            f"regions = {qs(sorted(rng.sample(REGIONS, 2)))}\n"
            f"conservative_care = {qs(['Synthetic exercise.', 'Synthetic rest.'])}\n"
            f"procedures = [{plist}]\n"
            f"sources = {qs(rng.sample(src, 1))}\n"
        )
    out = files["symptoms"]
    for i in range(n["symptoms"]):
        w = word(i)
        b, f = BODY[i % len(BODY)], FEEL[(i // len(BODY)) % len(FEEL)]
        weights = ", ".join(
            f"{c} = {rng.choice((1, 2, 3, 4))}" for c in rng.sample(cond, min(2, len(cond)))
        )
        out.append(
            f"\n[symptoms.syn-sym-{i:05d}]\nname = {q(f'Synthetic {b} {f} {i}')}\n"
            f"phrases = {qs([f'{b} {f} {w}', f'{w} {i}', f'{f} in my {b} {w}'])}\n"
            f"conditions = {{ {weights} }}\n"
        )
    out = files["red_flags"]
    for i in range(n["red_flags"]):
        w = word(i)
        out.append(
            f"\n[red_flags.syn-flag-{i:05d}]\nname = {q(f'Synthetic flag {i}')}\n"
            f"summary = {q('A synthetic red flag.')}\n"
            f"action = {q('Go to the emergency department now (synthetic).')}\n"
            f"sources = {qs(rng.sample(src, 1))}\n"
            f"rules = [{{ rule = {q('Synthetic alarm.')}, source = {q(rng.choice(src))}, "
            f"any = [{q(f'syn-alarm-{i:05d}')}] }}]\n"
            f"\n[findings.syn-alarm-{i:05d}]\nname = {q(f'Synthetic alarm {i}')}\n"
            f"phrases = {qs([f'{w} alarm {i}', f'{w} fever {i}'])}\n"
        )
    return files


def write(procedures: int, out: Path, seed: int = 0) -> list[Path]:
    """Writes the layer files into the directory out; returns them in the order to layer them.

    A table larger than CHUNK_BYTES goes into several files (table-1.toml, table-2.toml, ...),
    each under the accepted layer size."""
    out.mkdir(parents=True, exist_ok=True)
    head = f"# Synthetic KB layer: {procedures} procedures (benchmarks/gen_kb.py, seed {seed}).\n"
    paths = []
    for table, parts in entries(procedures, seed).items():
        chunks: list[list[str]] = [[]]
        size = 0
        for part in parts:
            if size + len(part) > CHUNK_BYTES and chunks[-1]:
                chunks.append([])
                size = 0
            chunks[-1].append(part)
            size += len(part)
        for i, chunk in enumerate(chunks, start=1):
            path = out / (f"{table}.toml" if len(chunks) == 1 else f"{table}-{i}.toml")
            path.write_text(head + "".join(chunk), encoding="utf-8")
            paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("procedures", type=int, help="number of procedures, e.g. 1000 or 10000")
    parser.add_argument("out", type=Path, help="the directory to write the layer files into")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write(args.procedures, args.out, args.seed)
    n = counts(args.procedures)
    print(
        f"{args.out}: {args.procedures} procedures, {n['conditions']} conditions, "
        f"{n['symptoms']} symptoms, {n['red_flags']} red flags, {n['sources']} sources"
    )


if __name__ == "__main__":
    main()
