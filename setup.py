"""Ship the project's content folders (tasks, templates, checks, topologies, inventories) in the wheel.

They live at the top of the repository, where assessors and colleges edit them; a wheel gets a
copy under ``netassess/content/`` so `pip install netassess` users have the shipped tasks too.
Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT_DIRS = ("tasks", "templates", "checks", "containerlab", "inventories")


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        root = Path(__file__).resolve().parent
        dest = Path(self.build_lib) / "netassess" / "content"
        for name in CONTENT_DIRS:
            if (root / name).is_dir():
                shutil.copytree(root / name, dest / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithContent})
