"""Ships the top-level ``forms/`` and ``resources/`` inside the wheel as ``djdesk/bundled/``.

Everything else is in pyproject.toml; ``djdesk.paths.bundled_dir`` finds these folders the same
way from a checkout, an installed wheel and a frozen bundle.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["djdesk", "djdesk.*"]), "djdesk.bundled.forms", "djdesk.bundled.resources"],
    package_dir={"djdesk.bundled.forms": "forms", "djdesk.bundled.resources": "resources"},
)
