"""One shape for every feature (style.md): each domain module is a package of features, each feature has
the same files; features use each other only through public names; access goes through core.auth's
predicates and the models; every error code is snake_case."""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DOMAIN_MODULES = ("trading", "scoring", "mall", "audit")
FEATURE_FILES = {"__init__", "models", "operations", "schemas", "forms", "api", "views", "tasks", "seed", "cli"}
# Files a module keeps beside its features: the plugin, and scoring's pure numpy engine.
MODULE_FILES = {"__init__.py", "scoring/engine.py"}
USER_ROLES = {"admin", "supervisor", "purchaser", "bidder", "expert", "system"}
ERROR_CLASSES = {"DomainError", "BadRequest", "NotAuthenticated", "Forbidden", "NotFound", "Conflict"}
SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


def _modules():
    return [ROOT / name for name in DOMAIN_MODULES if (ROOT / name).is_dir()]


def _features():
    return [path for module in _modules() for path in sorted(module.iterdir())
            if path.is_dir() and path.name != "__pycache__"]


def _python_files(*roots):
    for root in roots:
        yield from (path for path in sorted(root.rglob("*.py")) if "__pycache__" not in path.parts)


def _relative(path):
    return str(path.relative_to(ROOT))


def test_the_modules_are_made_of_features():
    assert {module.name for module in _modules()} >= {"trading", "scoring", "mall"}
    strays = [_relative(path) for module in _modules() for path in module.iterdir()
              if path.is_file() and path.suffix == ".py"
              and path.name not in MODULE_FILES and _relative(path) not in MODULE_FILES]
    assert strays == []
    assert all((feature / "__init__.py").is_file() for feature in _features())


def test_every_feature_has_the_same_files():
    """Only the listed files; a file that grows becomes a folder of the same name (models/, operations/)."""
    odd = [_relative(path) for feature in _features() for path in feature.iterdir()
           if path.name != "__pycache__" and (path.stem if path.is_file() else path.name) not in FEATURE_FILES]
    assert odd == []


def test_no_prefixed_families_of_files():
    prefixed = [_relative(path) for path in _python_files(*_modules())
                if re.fullmatch(r"\w+_(api|views|models|schemas|forms|operations)\.py|order_\w+\.py", path.name)]
    assert prefixed == []


def _feature_of(module_name):
    parts = module_name.split(".")
    return ".".join(parts[:2]) if parts[0] in DOMAIN_MODULES and len(parts) > 1 else None


def _own_module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_feature_imports_another_features_private_names():
    offenders = []
    for path in _python_files(*_modules()):
        mine = _feature_of(_own_module_name(path))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                theirs = _feature_of(node.module)
                if theirs and theirs != mine:
                    offenders += [f"{_relative(path)}: {node.module}.{alias.name}"
                                  for alias in node.names if alias.name.startswith("_")]
    assert offenders == []


def _role_strings(node):
    """The user roles a comparison's operand names ("bidder", ("admin", "supervisor"))."""
    values = [node] if isinstance(node, ast.Constant) else list(getattr(node, "elts", ()))
    return {v.value for v in values if isinstance(v, ast.Constant) and v.value in USER_ROLES}


def _role_comparisons(source):
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Attribute) and o.attr == "role" for o in operands) \
                    and any(_role_strings(o) for o in operands):
                found.append(node.lineno)
    return found


def test_the_role_scan_finds_a_comparison():
    assert _role_comparisons('if user.role == "supervisor": pass') == [1]
    assert _role_comparisons('ok = role in ("admin", "supervisor") or u.role in ("admin", "supervisor")') == [1]
    assert _role_comparisons('members = [m for m in panel if m.role == "member"]') == []  # a panel member's role


def test_no_role_comparison_outside_core_auth_and_the_models():
    """Access is asked of core.auth's predicates (oversees, is_party, is_bidder...) and model methods."""
    offenders = []
    for path in _python_files(ROOT / "core", *_modules()):
        if _relative(path) == "core/auth.py" or path.name == "models.py" or "models" in path.parts:
            continue
        offenders += [f"{_relative(path)}:{line}" for line in _role_comparisons(path.read_text(encoding="utf-8"))]
    assert offenders == []


def _error_codes(path):
    """(line, code) of every error code written in `path`: the first argument of an error class, the code of
    require(allowed, code, ...), and code= keywords of both."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        position = 0 if name in ERROR_CLASSES else 1 if name == "require" else None
        if position is None:
            continue
        arguments = node.args[position:position + 1] + [k.value for k in node.keywords if k.arg == "code"]
        for argument in arguments:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                yield node.lineno, argument.value


def test_the_code_scan_finds_codes():
    codes = [code for _, code in _error_codes(ROOT / "core" / "auth.py")]
    assert "not_authenticated" in codes and "forbidden" in codes


@pytest.mark.parametrize("root", ["core", *[m for m in DOMAIN_MODULES if (ROOT / m).is_dir()]])
def test_every_error_code_is_snake_case(root):
    """`NotFound(code, message)` like every other error: a sentence in the code's place is a bug."""
    bad = [f"{_relative(path)}:{line}: {code!r}" for path in _python_files(ROOT / root)
           for line, code in _error_codes(path) if not SNAKE_CASE.fullmatch(code)]
    assert bad == []
