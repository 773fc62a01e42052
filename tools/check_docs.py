"""Check a built documentation site: every image, script, stylesheet and link of every page must resolve to a
file of the site.

    python tools/check_docs.py [_docs]

MkDocs checks the links of Markdown pages; a notebook page is HTML that nbconvert renders, which MkDocs does
not look into, so a missing `![](images/x.gif)` there would go unnoticed without this."""
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REFS = {'img': 'src', 'script': 'src', 'source': 'src', 'video': 'src', 'link': 'href', 'a': 'href'}

class _Refs(HTMLParser):
    "The (tag, reference) pairs of a page's `REFS` attributes."
    def __init__(self):
        super().__init__(); self.refs = []
    def handle_starttag(self, tag, attrs):
        if tag in REFS:
            ref = dict(attrs).get(REFS[tag])
            if ref: self.refs.append((tag, ref))

def local_target(page: Path, ref: str, site: Path) -> Path | None:
    "The file a reference on `page` points at, or None for an external, data, in-page or query-only reference."
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path: return None      # http:, data:, mailto:, //host, #anchor, ?q
    path = unquote(parts.path)
    return (site / path.lstrip('/') if path.startswith('/') else page.parent / path).resolve()   # '/x': from the site's root

def check_page(page: Path, site: Path) -> list[str]:
    "Problems of one built page: its references to files that are not in the site."
    html = page.read_text(encoding='utf-8', errors='replace')
    parser = _Refs(); parser.feed(html)
    problems, name = [], page.relative_to(site).as_posix()
    for tag, ref in parser.refs:
        target = local_target(page, ref, site)
        if target is None: continue
        if target.is_dir(): target = target / 'index.html'
        if not target.is_file() or not target.is_relative_to(site.resolve()):
            problems.append(f"{name}: <{tag}> {ref!r} points to nothing in the site")
    return problems

def check_site(site) -> list[str]:
    "Problems of every page of the built site `site` (an empty list: all good)."
    site = Path(site)
    pages = sorted(site.rglob('*.html'))
    if not (site / 'index.html').is_file(): return [f"{site}: no index.html (was the site built?)"]
    return [p for page in pages for p in check_page(page, site)]

if __name__ == '__main__':
    site = Path(sys.argv[1] if len(sys.argv) > 1 else '_docs')
    problems = check_site(site)
    for p in problems: print(f"error: {p}", file=sys.stderr)
    sys.exit(1 if problems else 0)
