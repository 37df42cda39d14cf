"""Every module of the package imports without reading data/: an exercise module (or a domain module) that
needs a course folder at import breaks `--help`, the answer key and the copies outside a course checkout."""

import os
import pkgutil
import subprocess
import sys

import kratom_course


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(kratom_course.__path__, prefix="kratom_course."):
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_every_module_imports_without_a_course_folder(tmp_path):
    exercise_modules = [m for m in _modules() if m.startswith("kratom_course.exercises.nb")]
    assert len(exercise_modules) >= 10
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    env = {**os.environ, "KRATOM_COURSE_ROOT": str(tmp_path)}  # a folder without data/: any read of data/ fails
    result = subprocess.run(
        [sys.executable, "-c", code, *_modules()], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]


def test_the_exercise_registry_loads_without_a_course_folder(tmp_path):
    code = "from kratom_course import exercises\nprint(len(exercises.load_all()))\n"
    env = {**os.environ, "KRATOM_COURSE_ROOT": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip()) >= 30
