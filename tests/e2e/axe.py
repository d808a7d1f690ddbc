"""One accessibility check for every page: axe-core against WCAG 2.1 A and AA, zero violations.

The law on accessible digital public services (2018:1937) points to EN 301 549, i.e. WCAG 2.1
AA; axe finds the share of those failures a machine can find, on the page as rendered.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
OPTIONS = {"runOnly": {"type": "tag", "values": list(TAGS)}, "resultTypes": ["violations"]}
_AXE = Axe()


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations of the WCAG 2.1 A/AA rules on the page as it is now."""
    result: list[dict[str, Any]] = _AXE.run(page, options=OPTIONS).response["violations"]
    return result


def report(name: str, found: list[dict[str, Any]]) -> str:
    """Rule, impact, how many elements, and for each element its selector and what is wrong."""
    lines = [f"{name}: {len(found)} WCAG 2.1 A/AA rule(s) violated"]
    for rule in found:
        lines.append(f"  {rule['id']} ({rule['impact']}, {len(rule['nodes'])}×): {rule['help']}")
        for node in rule["nodes"][:8]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            lines.extend(f"      - {check['message']}" for check in checks[:2])
    return "\n".join(lines)


def overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (WCAG 1.4.10 Reflow wants 0)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def assert_accessible(page: Any, name: str) -> None:
    """Fail with a readable list of what axe found; print it too, so -s shows every page.

    At phone width (WCAG's 320 CSS pixels) the page must also fit without sideways scrolling,
    which axe does not check."""
    found = violations(page)
    problems = report(name, found) if found else ""
    if page.viewport_size["width"] <= 320 and (extra := overflow(page)) > 0:
        problems += f"\n{name}: {extra} px wider than a {page.viewport_size['width']} px window"
    if problems:
        print(problems)
        raise AssertionError(problems.strip())
