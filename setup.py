"""Ship the project's content folders (tasks, templates, checks, topologies, inventories) in the wheel.

They live at the top of the repository, where assessors and colleges edit them; a wheel gets a
copy under ``netassess/content/`` so `pip install netassess` users have the shipped tasks too.
MANIFEST.in puts the same folders in the sdist, so a wheel built from the sdist (the usual
``python -m build``) has them as well; a build that finds one missing stops rather than ship a
wheel without tasks. ``docs/schema`` goes along so the tasks' ``$schema`` line resolves in the
installed copy. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT_DIRS = ("tasks", "templates", "checks", "containerlab", "inventories", "docs/schema")


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        root = Path(__file__).resolve().parent
        dest = Path(self.build_lib) / "netassess" / "content"
        missing = [name for name in CONTENT_DIRS if not (root / name).is_dir()]
        if missing:
            raise SystemExit(f"netassess build: content folder(s) {', '.join(missing)} missing from {root}; "
                             "an sdist must include them (see MANIFEST.in)")
        for name in CONTENT_DIRS:
            shutil.copytree(root / name, dest / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithContent})
