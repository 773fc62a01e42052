"""The documentation build (tools/docs.py, `make docs`) on a small notebook folder made here: tutorials are
executed and their animations shown inline, nbdev's directives and hidden cells stay out of the pages, the nav
finds new notebooks by itself, and a broken link, a missing image or a failing tutorial cell fails the build
(tools/check_docs.py on a deliberately broken page)."""
import json, shutil, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'tools'))
import docs
from check_docs import check_site

def notebook(path: Path, *cells):
    "Write a notebook of `cells`: strings starting with '#md ' are markdown, the others code."
    def cell(src):
        md = src.startswith('#md ')
        c = {'cell_type': 'markdown' if md else 'code', 'metadata': {}, 'source': src[4:] if md else src}
        return c if md else {**c, 'execution_count': None, 'outputs': []}
    nb = {'cells': [{**cell(s), 'id': f"c{i}"} for i, s in enumerate(cells)], 'metadata': {'kernelspec': {'name': 'python3', 'display_name': 'python3', 'language': 'python'}},
          'nbformat': 4, 'nbformat_minor': 5}
    path.write_text(json.dumps(nb))

def test_check_site_finds_missing_files(tmp_path):
    (tmp_path / 'img').mkdir(); (tmp_path / 'img' / 'ok.gif').write_bytes(b'GIF89a')
    (tmp_path / 'sub').mkdir(); (tmp_path / 'sub' / 'index.html').write_text('<a href="../index.html#top">up</a>')
    (tmp_path / 'index.html').write_text(
        '<img src="img/ok.gif"><img src="data:image/gif;base64,R0lGOD"><img alt="x" src="img/gone.png">'
        '<a href="sub/">ok</a><a href="/img/ok.gif">ok</a><a href="https://example.com/x">ext</a><a href="#here">in page</a>'
        '<a href="other.html">gone</a><script src="js/app.js"></script><a href="../../etc/passwd">outside</a>')
    problems = check_site(tmp_path)
    assert len(problems) == 4, problems
    for bad in ('img/gone.png', 'other.html', 'js/app.js', '../../etc/passwd'): assert any(bad in p for p in problems), bad
    assert 'no index.html' in check_site(tmp_path / 'img')[0]
    (tmp_path / 'index.html').write_text('<img src="img/ok.gif">')
    assert check_site(tmp_path) == []

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    "A small notebook folder, built into a site; returns (nbs, built site, staged pages, problems)."
    tmp = tmp_path_factory.mktemp('docs')
    nbs = tmp / 'nbs'; (nbs / 'images').mkdir(parents=True)
    (nbs / 'images' / 'still.gif').write_bytes((ROOT / 'output' / 'scene_02.gif').read_bytes())
    notebook(nbs / 'index.ipynb', '#md # Demo home\n\nSee [the tutorial](nbs/20_tutorial_demo.ipynb).\n\n![a still](nbs/images/still.gif)')
    notebook(nbs / '20_tutorial_demo.ipynb', '#md # Demo tutorial', '#| hide\nHIDDEN = "HIDDEN_MARKER"',
             '#| export\nimport numpy as np\nfrom scenegan_nb.core import show_clips',
             'show_clips(np.full((1, 4, 9, 16, 1), 128, np.uint8), scale=1)',
             '#| eval: false\nraise RuntimeError("not run for the docs")', "print('tutorial' + ' output')")
    notebook(nbs / '00_lib.ipynb', '#md # Demo library', '#| default_exp lib', 'raise RuntimeError("library notebooks are not executed")')
    out, stage = tmp / 'site', tmp / 'stage'
    return nbs, out, stage, docs.build(nbs, out, stage)

def test_docs_build_renders_notebooks(site):
    nbs, out, stage, problems = site
    assert problems == []
    tutorial = (out / '20_tutorial_demo.html').read_text()
    assert 'data:image/gif;base64,' in tutorial and 'tutorial output' in tutorial                  # executed, animation inline
    assert 'HIDDEN_MARKER' not in tutorial and '#|' not in tutorial and 'not run for the docs' in tutorial
    assert 'RuntimeError' in (out / '00_lib.html').read_text()                                   # shown, not run
    home = (out / 'index.html').read_text()
    assert '<a href="20_tutorial_demo.html">the tutorial</a>' in home                                # the link to a notebook, made the page's
    assert 'Demo tutorial' in home and 'Demo library' in home and 'src="images/still.gif"' in home    # the nav found both; README paths
    assert 'scenegan_nb.core' in (out / 'api' / 'core.html').read_text() and 'show_clips' in (out / 'api' / 'core.html').read_text()

def test_docs_build_fails_on_a_broken_page(site, tmp_path):
    nbs, *_ = site
    broken = tmp_path / 'nbs'; shutil.copytree(nbs, broken)
    notebook(broken / '01_broken.ipynb', '#md # Broken\n\n![gone](images/missing.png) and [a page](nowhere.ipynb)')
    problems = docs.build(broken, tmp_path / 'site', tmp_path / 'stage')
    assert len(problems) == 2 and 'images/missing.png' in problems[0] and 'nowhere.ipynb' in problems[1], problems
    notebook(broken / '01_broken.ipynb', '#md # Broken')
    notebook(broken / '21_tutorial_fails.ipynb', '#md # Fails', '1 / 0')
    with pytest.raises(SystemExit, match='21_tutorial_fails.ipynb'): docs.build(broken, tmp_path / 'site', tmp_path / 'stage')
