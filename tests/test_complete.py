"""Shell completion of procedure and condition names, through the shells' env-var protocol."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinecli.cli import app
from spinecli.complete import candidates
from tests.conftest import STUDY

SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"


def bash(words: str, cword: int | None = None) -> list[str]:
    """What spinecli offers bash for COMP_WORDS (in-process, as the completion script calls it)."""
    parts = words.split(" ")
    env = {
        "_SPINECLI_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1 if cword is None else cword),
    }
    r = CliRunner().invoke(app, [], env=env, prog_name="spinecli")
    assert r.exit_code == 0, r.output
    return [line for line in r.stdout.splitlines() if line]


def test_prefix_of_id_name_or_alias(study: object) -> None:
    assert candidates("procedure", "thet") == ["thetaplasty", "theta cement"]
    assert candidates("procedure", "ache") == ["ache pump"]
    assert candidates("condition", "sigma") == ["sigma-fracture", "sigma compression fracture"]


def test_case_insensitive_keeping_what_was_typed(study: object) -> None:
    assert candidates("procedure", "Thet") == ["Thetaplasty", "Theta cement"]
    assert candidates("procedure", "ab") == ["ab"]  # the alias AB, in the case typed
    assert "epsilon stimulator" in candidates("procedure", "EPS".lower())


def test_bash_gets_escaped_spaces(study: object) -> None:
    assert candidates("procedure", "ache", escape=True) == ["ache\\ pump"]


def test_layers_and_unreadable_files(study: object, tmp_path: Path) -> None:
    layer = tmp_path / "clinic.toml"
    layer.write_text('[procedures.omega-shot]\nname = "Omega shot"\n', encoding="utf-8")
    assert candidates("procedure", "omega", [str(layer)]) == ["omega-shot", "omega shot"]
    broken = tmp_path / "broken.toml"
    broken.write_text("[procedures.x\n", encoding="utf-8")
    missing = str(tmp_path / "missing.toml")
    assert candidates("procedure", "thet", [str(broken), missing]) == candidates(
        "procedure", "thet"
    )


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("spinecli explain thet", ["thetaplasty", "theta\\ cement"]),
        ("spinecli recovery zet", ["zeta-pump", "zeta\\ pump", "zeta\\ drug\\ pump"]),
        ("spinecli treatments kap", ["kappa-disc", "kappa\\ disc\\ disease"]),
        ("spinecli compare alpha-block iot", ["iotaplasty"]),
        ("spinecli list --condition omi", ["omicron-syndrome", "omicron\\ syndrome"]),
        (
            "spinecli quiz --topic lambda",
            [
                "lambda-prp",
                "lambda\\ prp",
                "lambda\\ platelet\\ shot",
                "lambda-arthritis",
                "lambda\\ joint\\ arthritis",
            ],
        ),
        ("spinecli quiz --topic augm", ["augmentation"]),
    ],
)
def test_env_var_protocol(study: object, words: str, expected: list[str]) -> None:
    assert bash(words) == expected


def test_kb_option_is_honoured(mini: object) -> None:
    assert bash(f"spinecli --kb {STUDY} explain thet") == ["thetaplasty", "theta\\ cement"]
    assert bash("spinecli explain thet") == []


@pytest.mark.slow
def test_real_console_script_for_each_shell() -> None:
    """Against the shipped KB, through the installed script, for bash, zsh and fish."""

    def run(env: dict[str, str]) -> str:
        full = {**os.environ, **env}
        r = subprocess.run([SCRIPT], capture_output=True, text=True, env=full, cwd="/", timeout=60)
        assert r.returncode == 0, r.stderr
        return r.stdout

    out = run(
        {
            "_SPINECLI_COMPLETE": "complete_bash",
            "COMP_WORDS": "spinecli treatments bulg",
            "COMP_CWORD": "2",
        }
    )
    assert out.split() == ["bulging\\", "disc"]  # one reply: bulging\ disc
    zsh = run(
        {"_SPINECLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "spinecli explain kyph"}
    )
    assert '"kyphoplasty"' in zsh
    topic = run(
        {
            "_SPINECLI_COMPLETE": "complete_bash",
            "COMP_WORDS": "spinecli quiz --topic nerve-b",
            "COMP_CWORD": "3",
        }
    )
    assert topic.split() == ["nerve-block"]  # a procedure and a category, offered once
    fish = run(
        {
            "_SPINECLI_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "spinecli treatments bulg",
        }
    )
    assert fish.splitlines() == ["bulging disc"]


@pytest.mark.slow
def test_bash_completion_script_end_to_end() -> None:
    """The script from --show-completion, sourced in bash, fills COMPREPLY."""
    env = {**os.environ, "PATH": f"{Path(SCRIPT).parent}{os.pathsep}{os.environ['PATH']}"}
    script = subprocess.run(
        [SCRIPT, "--show-completion", "bash"], capture_output=True, text=True, env=env, timeout=60
    ).stdout
    assert "complete -o default -F" in script
    probe = (
        f"{script}\nCOMP_WORDS=(spinecli explain kyph); COMP_CWORD=2\n"
        '_spinecli_completion spinecli; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    r = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert r.stdout.split() == ["kyphoplasty"], r.stderr
