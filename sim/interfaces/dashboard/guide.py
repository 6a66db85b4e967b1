"""The teacher's guide (教师手册): shown in the dashboard's guide tab, and as a printable page.

The guide is written in Markdown in ``docs/teachers_guide.md`` (Chinese first, an English summary
at the end). :func:`guide_html` turns it into one self-contained HTML page laid out for A4 paper
(no scripts, no outside files); ``python -m sim.interfaces.dashboard.guide`` writes that page to
``docs/teachers_guide.html`` (a test checks that the copy there is current).
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GUIDE_PATH = ROOT / "docs" / "teachers_guide.md"
PRINT_PATH = ROOT / "docs" / "teachers_guide.html"
PRINT_NAME = "teachers_guide.html"

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif;
       max-width: 900px; margin: 24px auto; padding: 0 16px; color: #1f2a30; font-size: 15px; line-height: 1.75; }
h1 { font-size: 1.8em; border-bottom: 3px solid #c62828; padding-bottom: 6px; }
h2 { font-size: 1.35em; border-bottom: 2px solid #c62828; padding-bottom: 3px; margin-top: 2em; }
h3 { font-size: 1.12em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: .95em; }
th, td { border: 1px solid #90a4ae; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eceff1; }
code { font-family: "Noto Sans Mono CJK SC", monospace; background: #f3f5f6; padding: 0 3px; }
blockquote { border-left: 4px solid #f9a825; margin: 8px 0; padding: 2px 12px; background: #fffaf0; }
.page-break { break-before: page; page-break-before: always; }
.write { display: block; border-bottom: 1px solid #607d8b; height: 2.2em; }
@media print { body { margin: 0; max-width: none; font-size: 11.5pt; } a { color: inherit; text-decoration: none; }
               h2, h3 { break-after: avoid; } table, blockquote { break-inside: avoid; } }
"""


def guide_markdown() -> str | None:
    """The guide's Markdown, or None where the docs folder is not there (an installed copy)."""
    try:
        return GUIDE_PATH.read_text(encoding="utf-8")
    except OSError:
        return None


def guide_body(markdown_text: str) -> str:
    import markdown

    return markdown.markdown(markdown_text, extensions=["tables", "attr_list", "sane_lists", "toc"], output_format="html")


def guide_html(markdown_text: str | None = None) -> str:
    """The guide as one printable HTML page."""
    source = markdown_text if markdown_text is not None else guide_markdown() or ""
    title = next((line[2:].strip() for line in source.splitlines() if line.startswith("# ")), "")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{PRINT_CSS}</style></head>\n<body>\n{guide_body(source)}\n</body></html>\n"
    )


def main() -> int:
    """Write the printable guide to docs/ (run after editing the Markdown)."""
    markdown_text = guide_markdown()
    if markdown_text is None:
        print(f"not found: {GUIDE_PATH}", file=sys.stderr)
        return 1
    from sim.files import write_text

    write_text(PRINT_PATH, guide_html(markdown_text))
    print(f"wrote {PRINT_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
