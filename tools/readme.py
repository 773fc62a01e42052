"""Write README.md from nbs/index.ipynb: its markdown as is, its code cells run (with execnb, the executor
nbdev uses) and shown with their text output. nbdev_readme needs Quarto, which these machines cannot install."""
import json, sys
from pathlib import Path
from execnb.nbio import read_nb
from execnb.shell import CaptureShell

root = Path(__file__).resolve().parent.parent
nb = read_nb(root / 'nbs' / 'index.ipynb')
shell = CaptureShell(path=root / 'nbs')
shell.run_all(nb, exc_stop=True)

def text_of(output):
    if output.get('output_type') == 'stream': return ''.join(output['text'])
    data = output.get('data', {})
    return ''.join(data.get('text/markdown') or data.get('text/plain') or '')

parts = ['<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then run `make readme`. -->']
for cell in nb.cells:
    src = cell.source.strip()
    if not src or src.startswith('#| hide'): continue
    if cell.cell_type == 'markdown':
        parts.append(src)
    else:
        parts.append(f"```python\n{src}\n```")
        out = ''.join(text_of(o) for o in cell.get('outputs', [])).strip()
        if out: parts.append(f"```\n{out}\n```")
(root / 'README.md').write_text('\n\n'.join(parts) + '\n')
print(f"wrote {root / 'README.md'}")
