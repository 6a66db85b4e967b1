"""The ODD+D document matches the code; structural rules added with it hold."""

import numpy as np

from sim.interfaces import docs
from sim.model.agents import InServicePartyMember, PartyMember
from sim.model import CoGovernanceModel
from sim.parameters import REGISTRY


def test_odd_tables_are_generated_from_the_current_registry():
    text = docs.ODD_PATH.read_text(encoding="utf-8")
    assert docs.render(text) == text, "docs/ODD.md is out of date: run `python -m sim.interfaces.docs`"
    for name in REGISTRY:
        assert f"`{name}`" in text


def test_readme_scenario_table_is_generated_from_the_scenario_files():
    text = docs.README_PATH.read_text(encoding="utf-8")
    assert docs.render(text) == text, "README.md is out of date: run `python -m sim.interfaces.docs`"


def test_readme_caption_says_what_co_governance_sets_beyond_the_three_levers():
    """The demo's caption names the joint meetings and their interval as the scenario file sets them."""
    from sim.scenarios import load_scenario

    words = {2: "two", 3: "three", 4: "four", 6: "six", 8: "eight", 12: "twelve"}
    text = docs.README_PATH.read_text(encoding="utf-8")
    caption = text.split("*The main job", 1)[1].split("*\n", 1)[0]
    interval = load_scenario("co_governance").parameters.meeting_interval_steps
    assert f"joint meeting every {words[interval]} weeks" in caption and "`meeting_interval_steps`" in caption
    assert f"every {words[interval]} weeks" in text.split("](docs/figures/comparison.png)")[0].rsplit("![", 1)[1]
    others = ("baseline", "empowerment", "pooling", "embedding")
    assert all(load_scenario(name).parameters.meeting_interval_steps == 0 for name in others), "the caption says they hold none"


def test_embedded_posts_go_to_distinct_members_preferring_the_compound():
    model = CoGovernanceModel(rng=3, embedding=1.0, width=20, height=20)
    posts = model.member_post[model.member_post >= 0]
    assert len(posts) == len(set(posts)) == int(model.actor_embedded.sum())
    members = [*model.agents_by_type[PartyMember], *model.agents_by_type[InServicePartyMember]]
    held = [m.embedded_post for m in members if m.embedded_post is not None]
    assert len(held) == len(posts)
    for member in model.agents_by_type[PartyMember]:
        post = member.embedded_post
        if post is not None and hasattr(post, "compound"):
            local = [m for m in model.agents_by_type[PartyMember] if m.compound == post.compound]
            assert member.compound == post.compound or not local


def test_no_posts_without_embedding():
    model = CoGovernanceModel(rng=3, embedding=0.0, width=20, height=20, burn_in_weeks=0)
    assert (model.member_post < 0).all()


def _discovered_share(zone_size: int, seeds=range(4)) -> float:
    shares = []
    for seed in seeds:
        model = CoGovernanceModel(
            rng=seed, width=40, height=40, zone_size_cells=zone_size, patrol_intensity=1.0,
            report_intercept=-20.0, party_activeness=0.0, in_service_members=0, social_organisations=0, burn_in_weeks=0,
        )
        for _ in range(8):
            model.step()
        shares.append(model.outcomes["problems_discovered"] / model.outcomes["problems_arisen"])
    return float(np.mean(shares))


def test_larger_grid_zones_are_patrolled_more_thinly():
    # 10x10 zones hold ~95 households (full coverage); one 40x40 zone holds ~1,520 (a quarter).
    assert _discovered_share(10) > 1.5 * _discovered_share(40)


def _sim_import_graph() -> dict[str, set[str]]:
    """Module -> the sim modules it imports anywhere (functions included; TYPE_CHECKING blocks not)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    modules = {}
    for path in (root / "sim").rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        targets = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                targets |= {resolve(a.name) for a in node.names if a.name.startswith("sim")}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sim"):
                targets |= {resolve(f"{node.module}.{a.name}") for a in node.names}
        graph[module] = targets - {None, module}
    return graph


def test_no_import_cycles_between_sim_modules():
    """Folders name the architecture and depend one way: no module reaches itself through imports."""
    graph = _sim_import_graph()
    cycles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    cycles.append(" -> ".join([*path, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    assert not cycles, "import cycles:\n" + "\n".join(sorted(set(cycles))[:20])


def test_the_model_does_not_import_the_layers_above_it():
    graph = _sim_import_graph()
    upward = {
        (module, target)
        for module, targets in graph.items()
        if module.startswith("sim.model")
        for target in targets
        if target.startswith(("sim.experiments", "sim.analysis", "sim.interfaces"))
    }
    assert not upward, f"the model imports layers built on it: {sorted(upward)}"
