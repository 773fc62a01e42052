"""Build the documentation website from the notebooks (MkDocs with mkdocs-jupyter and mkdocstrings):

    python tools/docs.py [--nbs nbs] [--out _docs]          # `make docs`

1. Stage every notebook of nbs/ in _proc/docs/: nbdev's directives (`#| export` ...) are stripped, `#| hide`
   and `#| default_exp` cells dropped, `#| echo: false` hides a cell's code and `#| output: false` its output.
   The notebooks whose pages need their outputs (the tutorials and the home page) are executed first, in this
   process, skipping the cells nbdev_test skips (`#| eval: false` and the settings' tst_flags); the library
   notebooks are shown as written (git holds them without outputs).
2. Write an API page per module (mkdocstrings renders the docstrings) and the nav, from the files found: a new
   notebook gets its page without editing mkdocs.yml.
3. Build with MkDocs in strict mode, then check every link and image of the built site (tools/check_docs.py).
nbdev's own nbdev_docs needs Quarto, which these machines cannot install."""
import argparse, fnmatch, logging, os, re, shutil, sys, time
from configparser import ConfigParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tools'))
from check_docs import check_site

EXECUTE = ('index.ipynb', '*tutorial*.ipynb')     # pages that need their outputs
DROP = {'hide', 'default_exp', 'include: false'}
DIRECTIVE_LINES = re.compile(r'\A(?:[ \t]*#[ \t]*\|.*(?:\n|\Z))+')

def settings() -> dict:
    cfg = ConfigParser(delimiters=['=']); cfg.read(ROOT / 'settings.ini', encoding='utf-8')
    return cfg['DEFAULT']

def notebooks(nbs: Path) -> list[Path]:
    "The notebooks under `nbs`, relative to it, skipping checkpoints and hidden or underscore names."
    return sorted(p.relative_to(nbs) for p in nbs.rglob('*.ipynb')
                  if not any(part.startswith(('.', '_')) for part in p.relative_to(nbs).parts))

def directive_keys(cell) -> set[str]:
    "nbdev's directives of `cell` as keys: 'export', 'hide', 'eval: false' ..."
    d = getattr(cell, 'directives_', None) or {}
    return set(d) | {f"{k.rstrip(':')}: {v[0].lower()}" for k, v in d.items() if k.endswith(':') and v}

def execute(nb, path: Path, skip_flags: set[str]):
    "Run `nb`'s code cells (from its folder, as nbdev_test does), filling in their outputs; raise on the first error."
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    def skip(cell):
        keys = directive_keys(cell)
        return cell.cell_type != 'code' or 'nbdev_export(' in cell.source or 'eval: false' in keys or bool(keys & skip_flags)
    shell = CaptureShell(path)
    with working_directory(path.parent):
        try: shell.run_all(nb, exc_stop=True, preproc=skip)
        except Exception as e:
            sys.stderr.write(shell.prettytb(fname=path) + '\n')
            raise SystemExit(f"error: {path}: a cell raised {type(e).__name__} while executing it for the docs") from None

REF = re.compile(r'(\]\(|\bsrc=["\'])([^)"\'\s]+)')      # markdown link and image targets, HTML src attributes

def site_ref(ref: str, base: Path, page: Path, nbs: Path, stage_dir: Path) -> str:
    """`ref`, written relative to folder `base` on page `page` (relative to the stage), as the site needs it:
    notebooks become their pages, model cards (checkpoints/NAME/README.md) theirs, and other files of the
    repository are copied into the site. A reference to nothing is left as it is, for the checks to report."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith('/'): return ref
    target = (base / unquote(parts.path)).resolve()
    if target.is_relative_to(nbs.resolve()) and target.exists():
        dest = stage_dir / target.relative_to(nbs.resolve())
        if dest.suffix == '.ipynb': dest = dest.with_suffix('.html')
    elif target.name == 'README.md' and target.parent.parent == ROOT / 'checkpoints' and target.is_file():
        dest = stage_dir / 'model_cards' / f"{target.parent.name}.html"
    elif target.is_file() and target.is_relative_to(ROOT) and target.suffix != '.md':
        dest = stage_dir / 'repo' / target.relative_to(ROOT)     # not 'files/': nbconvert strips that prefix
        dest.parent.mkdir(parents=True, exist_ok=True); shutil.copy2(target, dest)
    else: return ref
    return os.path.relpath(dest, (stage_dir / page).parent).replace(os.sep, '/') + (f"#{parts.fragment}" if parts.fragment else '')

def relink(text: str, base: Path, page: Path, nbs: Path, stage_dir: Path) -> str:
    return REF.sub(lambda m: m[1] + site_ref(m[2], base, page, nbs, stage_dir), text)

def page_cells(nb, base: Path, page: Path, nbs: Path, stage_dir: Path) -> list:
    "The cells as the page shows them: directives stripped, hidden cells dropped, references made the site's."
    cells = []
    for cell in nb.cells:
        keys = directive_keys(cell)
        if keys & DROP or 'nbdev_export(' in cell.source or not cell.source.strip(): continue
        if cell.cell_type == 'code':
            cell.source = DIRECTIVE_LINES.sub('', cell.source)            # the `#| key: value` ones nbdev leaves for Quarto
            if 'echo: false' in keys: cell.setdefault('metadata', {})['tags'] = ['hide_input']
            if 'output: false' in keys: cell.outputs = []
        elif cell.cell_type == 'markdown': cell.source = relink(cell.source, base, page, nbs, stage_dir)
        cells.append(cell)
    return cells

def title(nb, fallback: str) -> str:
    "The notebook's `# Title`."
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            m = re.search(r'^#\s+(.+)$', cell.source, re.M)
            if m: return m[1].strip().strip('`')
    return fallback

def stage(nbs: Path, stage_dir: Path, lib: str, skip_flags: set[str], run=EXECUTE) -> list:
    "Fill `stage_dir` with the pages and their files; returns the MkDocs nav."
    from execnb.nbio import write_nb
    from nbdev.process import NBProcessor
    if stage_dir.exists(): shutil.rmtree(stage_dir)
    shutil.copytree(nbs, stage_dir, ignore=shutil.ignore_patterns('*.ipynb', '.*', '_*'))
    home, tutorials, library, cards = [], [], [], []
    for rel in notebooks(nbs):
        t0 = time.perf_counter()
        nb = NBProcessor(nbs / rel, process=True).nb            # parses directives_ and strips them from the code
        ran = any(fnmatch.fnmatch(rel.name, pat) for pat in run)
        if ran: execute(nb, nbs / rel, skip_flags)
        base = nbs.parent if rel.as_posix() == 'index.ipynb' else (nbs / rel).parent     # index.ipynb: the README's source
        nb.cells = page_cells(nb, base, rel, nbs, stage_dir)
        write_nb(nb, stage_dir / rel)
        entry = {'Home' if rel.as_posix() == 'index.ipynb' else title(nb, rel.stem): rel.as_posix()}
        (home if rel.as_posix() == 'index.ipynb' else tutorials if 'tutorial' in rel.name else library).append(entry)
        if ran: print(f"executed {rel} in {time.perf_counter() - t0:.1f} s")
    for card in sorted(ROOT.glob('checkpoints/*/README.md')):
        page = Path('model_cards') / f"{card.parent.name}.md"
        (stage_dir / page).parent.mkdir(exist_ok=True)
        (stage_dir / page).write_text(relink(card.read_text(encoding='utf-8'), card.parent, page, nbs, stage_dir))
        cards.append({card.parent.name: page.as_posix()})
    api = []
    for mod in sorted(p.stem for p in (ROOT / lib).glob('*.py') if not p.stem.startswith('_')):
        page = stage_dir / 'api' / f"{mod}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text(f"# {lib}.{mod}\n\n::: {lib}.{mod}\n")
        api.append({mod: f"api/{mod}.md"})
    nav = home + [{'Tutorials': tutorials}] * bool(tutorials) + [{'Library notebooks': library}] * bool(library)
    return nav + [{'Model cards': cards}] * bool(cards) + [{'API reference': api}]

def build(nbs: Path, out: Path, stage_dir: Path, run=EXECUTE) -> list[str]:
    "Stage, build and check the site; returns the problems found (an empty list: the site is good)."
    from mkdocs.config import load_config
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort
    s = settings()
    nav = stage(nbs, stage_dir, s['lib_path'], set(s.get('tst_flags', '').split()), run)
    logging.basicConfig(format='%(levelname)s %(message)s', level=logging.WARNING)
    logging.getLogger('traitlets').setLevel(logging.ERROR)      # nbconvert's "alternative text is missing" on every plot
    cfg = load_config(str(ROOT / 'mkdocs.yml'), docs_dir=str(stage_dir.resolve()), site_dir=str(out.resolve()), nav=nav, strict=True)
    try: mkdocs_build(cfg)
    except Abort as e: return [f"mkdocs: {e}"]
    return check_site(out)

if __name__ == '__main__':
    s = settings()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--nbs', default=ROOT / s['nbs_path'], type=Path, help='folder of notebooks')
    ap.add_argument('--out', default=ROOT / s['doc_path'], type=Path, help='folder for the website')
    ap.add_argument('--stage', default=ROOT / '_proc' / 'docs', type=Path, help='folder for the staged pages')
    args = ap.parse_args()
    t0 = time.perf_counter()
    problems = build(args.nbs, args.out, args.stage)
    for p in problems: print(f"error: {p}", file=sys.stderr)
    if problems: sys.exit(f"docs: {len(problems)} problem(s); the site in {args.out} is incomplete")
    print(f"docs: {args.out}/index.html, built and checked in {time.perf_counter() - t0:.0f} s")
