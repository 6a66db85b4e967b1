"""The README's commands run as written, in the order shown, at a small size (documentation that is executed).

Each `cogov` line of the README's bash blocks runs in a scratch folder that holds the repository's
`examples/` and the README's own example scenario file, with size options appended where the
command takes them (a 10 x 10 community, a few weeks, two replicates, eight samples, one worker):
argparse keeps the last value, so the README's own values are what a user would run, shrunk. A
command that is not run here is listed in NOT_RUN with the reason and where it is tested instead,
and a new README command that is in neither fails the test until it is classified.
"""

from __future__ import annotations

import os
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from ecosystem_helpers import TINY, fenced_commands

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

#: Size options appended to a command that takes them (the last value of an option wins).
SMALL = {
    "--steps": ["--steps", "6"],
    "--set": TINY,
    "--replicates": ["--replicates", "2"],
    "--samples": ["--samples", "8"],
    "--workers": ["--workers", "1"],
    "--draws": ["--draws", "2"],
}

#: Added where the command's outcome is a rate of major works: a tiny community sees about one major
#: work in a year at the default rate, so in a few weeks the rate would have no denominator.
MAJOR_WORKS = ["--set", "major_works_per_1000_households_year=500"]

#: Options shrunk only where the command gives them (they are refused or change the design elsewhere).
ONLY_IF_GIVEN = {"--samples", "--draws"}

#: README commands not run here: (start of the command line, why, where it is tested instead).
NOT_RUN = {
    "cogov dashboard": "starts a web server until stopped: tests/dashboard (server, browser)",
    "cogov classroom": "starts a web server until stopped: tests/classroom (command, browser)",
    "cogov calibrate": "an ABC-SMC over many generations: tests/validation (calibration at a small size)",
    "cogov hypotheses": "each hypothesis fixes its own weeks (shock, reform): tests/test_hypotheses.py at a small size",
    "cogov check-facts": "the facts need their own run lengths (two years, reform weeks): tests/validation",
    "cogov sweep ...": "a placeholder for 'the same command again' (recovery): tests/reliability",
    "cogov compare ...": "a placeholder for 'the same command again' (recovery): tests/reliability",
    "cogov sensitivity ...": "a placeholder for 'the same command again' (recovery): tests/reliability",
    "cogov verify results/compare --repair": "needs a damaged folder: tests/reliability/test_damaged_parts.py",
}


def readme_commands() -> list[str]:
    return fenced_commands(README)


def not_run_reason(command: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if command.startswith(start)), None)


def shrunk(command: str) -> list[str]:
    from sim.interfaces.cli import build_parser

    argv = shlex.split(command)[1:]
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    options = subcommands.choices[argv[0]]._option_string_actions
    spec_sets = {"--steps", "--set", "--replicates"} if "--spec" in argv else set()  # the shrunk spec file holds them
    words = [word for flag, words in SMALL.items() if flag in options and flag not in spec_sets
             and (flag not in ONLY_IF_GIVEN or flag in argv) for word in words]
    if "--set" in options and "--spec" not in argv and any(a.startswith("cross_actor") for a in argv):
        words += MAJOR_WORKS
    return argv + words


def shrunk_spec(text: str) -> str:
    """A sweep spec file at the small size: few weeks, one replicate, the tiny community in [set]."""
    text = re.sub(r"^steps\s*=\s*\d+", "steps = 6", text, flags=re.M)
    text = re.sub(r"^replicates\s*=\s*\d+", "replicates = 1", text, flags=re.M)
    tiny = "".join(f"{TINY[i + 1].replace('=', ' = ')}\n" for i in range(0, len(TINY), 2))
    text = re.sub(r"^\[set\][^\n]*\n", lambda m: m.group(0) + tiny, text, count=1, flags=re.M)
    spec = tomllib.loads(text)
    assert spec["steps"] == 6 and spec["replicates"] == 1 and spec["set"]["width"] == 10, text
    return text


def readme_scenario_example() -> str:
    """The scenario file the README shows (the TOML block with a [scenario] table)."""
    text = README.read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```toml\n(.*?)```", text, flags=re.S) if "[scenario]" in b]
    tomllib.loads(block)
    return block


def test_every_readme_command_is_run_here_or_listed_with_where_it_is_tested():
    commands = readme_commands()
    assert len(commands) >= 20
    for start in NOT_RUN:
        assert any(c.startswith(start) for c in commands), f"NOT_RUN lists {start!r}, which the README no longer shows"


@pytest.mark.slow
def test_readme_commands_run_in_order_at_a_small_size(tmp_path, monkeypatch, capsys):
    from sim.interfaces.cli import main

    (tmp_path / "examples").mkdir()
    for example in (ROOT / "examples").glob("*.toml"):
        (tmp_path / "examples" / example.name).write_text(shrunk_spec(example.read_text(encoding="utf-8")), encoding="utf-8")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "my_scenario.toml").write_text(readme_scenario_example(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ran = []
    for command in readme_commands():
        if not_run_reason(command):
            continue
        argv = shrunk(command)
        code = main(argv)
        captured = capsys.readouterr()
        assert code == 0, f"`{command}` (run as `cogov {shlex.join(argv)}`) exited {code}:\n{captured.err[-2000:]}"
        ran.append(command)
    assert len(ran) >= 14, ran
    # what the README promises those commands leave behind
    for folder in ("results/mine", "results/sweep", "results/sobol", "results/sweep-example"):
        assert (tmp_path / folder / "manifest.json").is_file(), folder
    assert (tmp_path / "results/sweep/report.html").is_file()


# --- docs/: the guides a newcomer follows (docs/ODD.md, the model's description, is not one of them) ---

DOCS = ROOT / "docs"

#: Guides whose commands are not run here, with the reason.
GUIDES_NOT_RUN = {"ODD.md": "the model's description: its commands are the modeller's full-size runs (calibration, hypotheses)"}

#: Commands that start a server and run until stopped: only their arguments are checked.
SERVERS = ("cogov dashboard", "cogov classroom")

#: What a guide's command names outside the scratch folder, and what stands for it there (explicit, nothing else changes).
ELSEWHERE = {"/scratch/me/": "scratch/me/"}

#: The Dask scheduler address docs/cluster.md shows; replaced by the address of an in-process LocalCluster.
DOC_SCHEDULER = "tcp://10.1.2.3:8786"

#: The job array's environment: $SCRATCH is a folder in the scratch folder, and a command that names
#: $SLURM_ARRAY_TASK_ID runs once for every task of a two-task array, as the array would.
ARRAY_TASKS = 2


def guide_commands() -> dict[str, list[str]]:
    """Every guide in docs/ (but those in GUIDES_NOT_RUN) with its fenced `cogov` commands, in order."""
    return {path.name: commands for path in sorted(DOCS.glob("*.md"))
            if path.name not in GUIDES_NOT_RUN and (commands := fenced_commands(path))}


def guide_files(name: str) -> dict[str, str]:
    """The files a guide shows as TOML blocks whose first line names them (`# sweeps/x.toml`)."""
    text = (DOCS / name).read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"```toml\n# ([\w./-]+\.toml)\n(.*?)```", text, flags=re.S)}


def fewer_points(text: str) -> str:
    """A sweep spec's [vary] table at two values a parameter: "low:high:count" keeps both ends, a list its first two."""
    head, header, rest = re.split(r"^(\[vary\][^\n]*\n)", text, maxsplit=1, flags=re.M)
    body, *later = re.split(r"^(?=\[)", rest, maxsplit=1, flags=re.M)  # up to the next table, if any
    body = re.sub(r'"([^":]+):([^":]+):\d+"', r'"\1:\2:2"', body)
    body = re.sub(r"\[([^\],\n]+),([^\],\n]+)(,[^\]\n]*)\]", r"[\1,\2]", body)
    return head + header + body + "".join(later)


def guide_spec(text: str) -> str:
    """A guide's sweep spec at the small size: shrunk_spec (weeks, replicates, the tiny community), two values a parameter."""
    if not re.search(r"^\[set\]", text, flags=re.M):
        text = text.replace("[vary]", "[set]\n\n[vary]", 1)
    for far, near in ELSEWHERE.items():
        text = text.replace(far, near)
    text = shrunk_spec(fewer_points(text))
    spec = tomllib.loads(text)
    assert all(len(v) == 2 if isinstance(v, list) else v.endswith(":2") for v in spec["vary"].values()), text
    return text


def guide_argvs(command: str, scheduler: str) -> list[list[str]]:
    """The shrunk command lines a guide's command is run as (one per array task if it names the task)."""
    argv = shrunk(command)
    base = shlex.split(command)[1:]
    added = argv[len(base):]
    assert argv[:len(base)] == base and all(w in SMALL or any(w in words for words in (*SMALL.values(), MAJOR_WORKS)) for w in added), argv
    if "--dask-scheduler" in argv or "--shard" in argv:  # these take no --workers (one engine at a time)
        at = argv.index("--workers", len(base)) if "--workers" in added else None
        argv = argv if at is None else argv[:at] + argv[at + 2:]
    runs = []
    for task in range(1, ARRAY_TASKS + 1) if "SLURM_ARRAY_TASK_ID" in command else [None]:
        env = {"SLURM_ARRAY_TASK_ID": str(task), "SLURM_ARRAY_TASK_COUNT": str(ARRAY_TASKS)}
        words = []
        for word in argv:
            for name, value in env.items():
                word = word.replace(f"${{{name}}}", value).replace(f"${name}", value)
            for far, near in {**ELSEWHERE, DOC_SCHEDULER: scheduler}.items():
                word = word.replace(far, near)
            words.append(os.path.expandvars(word))
        runs.append(words)
    return runs


def test_every_guide_with_commands_is_known():
    guides = guide_commands()
    assert set(guides) == {"cluster.md", "classroom.md", "how_to_test_a_hypothesis.md"}, sorted(guides)
    assert sum(map(len, guides.values())) >= 10
    assert "cogov query results/embedding-x-pooling 'SELECT" in " ".join(guides["how_to_test_a_hypothesis.md"])


def test_fewer_points_keeps_the_ends_of_ranges_and_the_first_two_values_of_lists():
    shrunk_text = fewer_points('steps = 4\n[vary]\na = "0:1:11"\nb = [0.0, 0.15, 0.3]\nc = [1, 2]\n')
    assert tomllib.loads(shrunk_text)["vary"] == {"a": "0:1:2", "b": [0.0, 0.15], "c": [1, 2]}


@pytest.mark.parametrize("command", [c for cs in guide_commands().values() for c in cs if c.startswith(SERVERS)])
def test_guides_server_commands_parse_and_name_what_exists(command, capsys):
    from sim.interfaces.cli import build_parser, main
    from sim.scenarios import load_scenario

    argv = shlex.split(command)[1:]
    args = build_parser().parse_args(argv)
    assert args.handler.__name__ == f"command_{argv[0]}"
    if getattr(args, "scenario", None):
        assert load_scenario(args.scenario).name == args.scenario
    if getattr(args, "listen", None):
        from sim.interfaces.classroom.command import listen_address

        assert listen_address(args.listen) == args.listen
    with pytest.raises(SystemExit) as done:
        main([argv[0], "--help"])
    assert done.value.code == 0 and "--help" in capsys.readouterr().out


@pytest.fixture
def dask_scheduler():
    """A Dask LocalCluster in this process (one worker thread), for the guide's --dask-scheduler command."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
@pytest.mark.parametrize("guide", ["cluster.md", "how_to_test_a_hypothesis.md"])
def test_guides_commands_run_in_order_at_a_small_size(guide, tmp_path, monkeypatch, capsys, request):
    from sim.interfaces.cli import main

    scheduler = request.getfixturevalue("dask_scheduler") if guide == "cluster.md" else ""
    for name, text in guide_files(guide).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(guide_spec(text) if "[vary]" in text else text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCRATCH", str(tmp_path / "scratch"))
    outputs = []
    for command in guide_commands()[guide]:
        if command.startswith(SERVERS):
            continue
        for argv in guide_argvs(command, scheduler):
            code = main(argv)
            captured = capsys.readouterr()
            assert code == 0, f"`{command}` (run as `cogov {shlex.join(argv)}`) exited {code}:\n{captured.err[-2000:]}"
            outputs.append((command, captured.out + captured.err))
    if guide == "cluster.md":
        points = 2 * 2 * 2  # the guide's 11 x 6 x 3 grid at two values a parameter, one replicate
        for folder in ("scratch/me/empowerment-sweep", "scratch/empowerment-sweep"):
            assert (tmp_path / folder / "manifest.json").is_file(), folder
        shards = [out for command, out in outputs if "--shard" in command]
        assert len(shards) == ARRAY_TASKS and all(f"ran {points // ARRAY_TASKS} " in out for out in shards), shards
        (after,) = [out for command, out in outputs if "--workers 4" in command]
        assert f"ran 0 (0 ok, 0 failed), skipped {points} already finished" in after, after
        (table,) = [out for command, out in outputs if command.startswith("cogov query")]
        assert re.search(rf"\bok\b\s+{points}\b", table), table
    else:
        assert (tmp_path / "results/h3-compare/summary.csv").is_file()
        assert (tmp_path / "results/embedding-x-pooling/report.html").is_file()
        assert (tmp_path / "results/h3-morris/manifest.json").is_file()
        (table,) = [out for command, out in outputs if command.startswith("cogov query")]
        rows = re.findall(r"^\s*([\d.]+)\s+([\d.]+)\s+\S+\s+(\d+)$", table, flags=re.M)  # embedding, pooling, cross, n
        assert sorted((float(e), float(p), int(n)) for e, p, n in rows) == [(0, 0, 1), (0, 0.15, 1), (1, 0, 1), (1, 0.15, 1)], table
