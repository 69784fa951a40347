"""Nothing inline that the Content-Security-Policy (style-src 'self') would refuse and the
browser would log as an error: no style attribute or element in a template, no script that
writes a style attribute as text, and htmx told not to inject its indicator style."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)
# What CSP refuses from a script: a style attribute set as text, or markup with a style
# attribute or element. (CSSOM, element.style.height = ..., is allowed.)
SCRIPT_STYLE = re.compile(r"setAttribute\(\s*[\"']style|<style|\sstyle=", re.IGNORECASE)


def test_no_template_has_an_inline_style():
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("argmap/**/templates/**/*.html")]
        if INLINE_STYLE.search(path.read_text())
    ]
    assert offenders == []


def test_no_script_of_ours_sets_a_style():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("static/js/*.js")
        if SCRIPT_STYLE.search(path.read_text())
    ]
    assert offenders == []


def test_htmx_injects_no_indicator_style_and_ours_is_in_the_stylesheet():
    base = (ROOT / "templates/base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    assert ".htmx-request .htmx-indicator" in (ROOT / "static/css/argmap.css").read_text()
