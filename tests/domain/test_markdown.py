from html.parser import HTMLParser

import pytest

from pb.domain.markdown import ALLOWED_TAGS, plain, render

DANGEROUS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<div onclick="alert(1)">hi</div>',
    "![pixel](https://tracker.example/p.gif)",
    "<style>body{display:none}</style>",
]


class Elements(HTMLParser):
    """The real elements and attributes of an HTML fragment (escaped text is not an element)."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("text", DANGEROUS)
def test_nothing_active_survives(text):
    html = render(text)
    for tag, attrs in Elements(html).found:
        assert tag in ALLOWED_TAGS, (text, html)
        assert not any(name.startswith("on") for name in attrs), (text, html)
        if "href" in attrs:
            assert attrs["href"].startswith(("https://", "http://", "mailto:")), (text, html)
        assert set(attrs) <= {"href", "title", "rel", "start"}, (text, html)


def test_raw_html_is_shown_as_text_not_markup():
    assert render("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_markdown_still_works():
    html = render(
        "# Title\n\nSome **bold** and *it*.\n\n- one\n- two\n\n[site](https://example.org)"
    )
    assert "<h3>Title</h3>" in html  # demoted: the page owns h1 and h2
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer ugc">site</a>' in html


def test_empty_and_plain():
    assert render("") == "" and render(None) == ""
    assert plain("**Bold** <i>x</i> & more") == "Bold <i>x</i> & more"
    assert plain("word " * 100, limit=20).endswith("…")
    assert len(plain("word " * 100, limit=20)) == 20
