"""The import direction of DESIGN §3, checked on every module: an app imports only from apps above it.

Within the second row the order is audit → org → accounts: org administers people and roles without
knowing about login mechanics, and accounts (login, 2FA, the gates) asks org for roles.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "zhengxie"

# Lower number = higher up = may be imported by larger numbers.
LAYER = {
    "lib": 1.0,
    "audit": 2.0,
    "org": 2.1,
    "accounts": 2.2,
    "notices": 3.0,
    "search": 3.0,
    "supervision": 4.0,
    "duty": 4.0,
    "proposals": 5.0,
    "opinions": 5.0,
    "consultations": 5.0,
    "learning": 5.0,
    # DESIGN §3 row 6, but below `reports` there, which may read its figures; it calls opinions
    # and proposals (row 5).
    "participation": 5.5,
    # Joint activities build on consultations' activities and invitations (row 5) and are read
    # by no app below them.
    "joint": 5.5,
    # Grassroots platforms build on consultations' platforms and hand problems to opinions (row 5).
    "grassroots": 5.5,
    # The year's inspection and supervision plans turn their items into consultations' activities.
    "workplans": 5.5,
    # The forward schedule reads consultations' activities (and, by lookup, their co-organisers).
    "schedule": 5.5,
    # Plenary business builds on consultations' plenary activities and invitations.
    "plenary": 5.5,
    # Numbered publications collect consultation outcomes and plenary speeches.
    "publications": 5.6,
    "regulations": 5.0,
    "assessment": 6.0,
    # Member platform apps that hand their results to the loops above (opinions, consultations).
    "groups": 5.5,
    "surveys": 5.5,
    "materials": 5.5,
    # Group exchange and contacts: working groups of members and staff; calls notices and audit.
    "exchange": 5.5,
    "reports": 6.0,
    # News and knowledge link the regulations library (row 5).
    "news": 5.5,
    "api": 7.0,  # DESIGN §3 row 7: the API reads every app, the reports' figures included
}


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """All nodes except those under `if TYPE_CHECKING:` (type hints couple nothing at run time)."""
    nodes: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        nodes.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return nodes


# Page-layer modules sit in row 7 whichever app folder holds them (DESIGN §3: "the API and the
# page layer of every app").
PAGE_MODULES = {"views", "urls", "forms", "workbench"}
PAGE_LAYER = 7.0


def _layer_of(app: str, path: Path) -> float:
    if path.stem in PAGE_MODULES or path.stem.endswith("_views"):
        return PAGE_LAYER
    return LAYER[app]


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "zhengxie" and len(parts) > 1 and parts[1] in LAYER:
                found.add(parts[1])
    return found


def test_apps_import_only_from_apps_above_them() -> None:
    violations = []
    for app in LAYER:
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).exists() else []:
            if "migrations" in path.parts:
                continue
            for other in _imported_apps(path) - {app}:
                if LAYER[other] >= _layer_of(app, path):
                    violations.append(f"{path.relative_to(ROOT.parent)} imports zhengxie.{other}")
    assert violations == []


def test_the_checker_sees_a_violation() -> None:
    """Guard against a checker that can never fail."""
    assert _imported_apps(ROOT / "reports" / "views.py") >= {"org"}
    assert LAYER["org"] > LAYER["lib"]
