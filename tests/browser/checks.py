"""What the browser tests check on a page: axe-core's findings, inline code, small touch targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TAP = 44  # px: the smallest touch target we allow

# Everything a child taps, except links inside running text (WCAG 2.5.5 exempts those).
TARGETS = (
    "button, .button, .choice, .big-choice, .reaction-button, .nav-list a, .languages a, .brand[href],"
    " .site-footer a, .here a, .timeout a, .delete-words a,"
    " input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea"
)

FIND_INLINE_CODE = """() => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    if (element.tagName === 'SCRIPT' || element.tagName === 'STYLE') found.push(element.tagName.toLowerCase());
    for (const attribute of element.attributes) {
      if (attribute.name === 'style' || attribute.name.startsWith('on')) found.push(`${element.tagName.toLowerCase()}[${attribute.name}]`);
    }
  }
  return found;
}"""

FIND_SMALL_TARGETS = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((element) => element.getClientRects().length > 0)
  .map((element) => ({what: element.outerHTML.slice(0, 80), rect: element.getBoundingClientRect()}))
  .filter(({rect}) => rect.width < %d || rect.height < %d)
  .map(({what, rect}) => `${what} is ${Math.round(rect.width)}x${Math.round(rect.height)}`)""" % (TAP, TAP)


def axe_violations(page: Any, disable: tuple[str, ...] = ()) -> list[str]:
    """Run axe-core (every rule it runs by default) on the page and describe each violation.

    The page's context must have axe loaded by ``with_axe``.
    """
    options = {"rules": {rule: {"enabled": False} for rule in disable}, "resultTypes": ["violations"]}
    results = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
    ]


def with_axe(context: Any, axe_source: str) -> Any:
    """Load axe-core into every page of ``context`` before the page's own code (none) runs."""
    context.add_init_script(script=axe_source)
    return context


def inline_code(page: Any) -> list[str]:
    """Return the inline scripts, styles and event handlers on the page (a strict CSP forbids them)."""
    return page.evaluate(FIND_INLINE_CODE)


def small_targets(page: Any) -> list[str]:
    """Return what a child must tap but is smaller than 44 x 44 px."""
    return page.evaluate(FIND_SMALL_TARGETS, TARGETS)


def shoot(page: Any, folder: Path, name: str, full_page: bool = True) -> Path:
    """Save a screenshot of the page as ``name``.png."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
