"""Markdown from staff becomes HTML that cannot run script or leak to other hosts."""

from __future__ import annotations

import pytest

from calls.markdown import render_markdown


def test_markdown_becomes_headings_lists_links_and_tables():
    html = render_markdown(
        "## Who can apply\n\n- cooperatives\n- associations\n\n"
        "[Guide](https://example.org/guide)\n\n| Item | EUR |\n|---|---|\n| Staff | 100 |"
    )
    assert "<h2>Who can apply</h2>" in html
    assert "<li>cooperatives</li>" in html
    assert (
        '<a href="https://example.org/guide" rel="noopener noreferrer nofollow">Guide</a>' in html
    )
    assert "<td>Staff</td>" in html


def test_script_and_style_go_with_their_content():
    html = render_markdown(
        "Hello <script>alert('x')</script> <style>body{display:none}</style>world"
    )
    assert "script" not in html
    assert "alert" not in html
    assert "display:none" not in html
    assert "Hello" in html and "world" in html


@pytest.mark.parametrize(
    "source",
    [
        '<a href="https://example.org" onclick="steal()">link</a>',
        '<p onmouseover="steal()">text</p>',
        '<img src="x" onerror="steal()">',
        '<b onload="steal()">bold</b>',
    ],
)
def test_event_handler_attributes_are_removed(source):
    html = render_markdown(source)
    assert "steal" not in html
    assert "on" + "click" not in html and "onerror" not in html and "onmouseover" not in html


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>',
    ],
)
def test_javascript_and_data_links_lose_their_target(source):
    html = render_markdown(source)
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "click" in html


def test_images_and_frames_that_would_load_from_other_hosts_are_dropped():
    html = render_markdown(
        '![tracker](https://tracker.example/pixel.png)\n\n<iframe src="https://evil.example"></iframe>'
    )
    assert "<img" not in html
    assert "<iframe" not in html
    assert "evil.example" not in html


def test_plain_text_is_escaped_not_interpreted():
    html = render_markdown("Budget < 5 & more > 3")
    assert "&lt; 5 &amp; more &gt; 3" in html


def test_empty_text_gives_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
