"""Run every benchmark script in this folder and print their figures."""
import pathlib
import runpy
import sys

here = pathlib.Path(__file__).parent
sys.path.insert(0, str(here.parent))
for script in sorted(p for p in here.glob("*.py") if p.name != "run_all.py" and not p.name.startswith("_")):
    print(f"== {script.name}")
    runpy.run_path(str(script), run_name="__main__")
