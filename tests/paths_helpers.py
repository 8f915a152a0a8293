"""Where the tests find the checkout, the bundled example and the fixture files.

Test modules import these from here, never from conftest.py: pytest imports conftest.py itself under its own
module name, so `from tests.conftest import ...` would load and run it a second time as another module.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nk-russia-reuters.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
