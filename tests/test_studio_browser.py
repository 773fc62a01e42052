"""The studio as a user meets it: `scenegan studio` serves it with Voila, headless Chromium (Debian's, driven by
Playwright; no browser download) opens it, clicks Animate and waits for the animation. The screenshot lands in
the test's folder; with UPDATE_README_IMAGES=1 it is also copied to nbs/images/studio.png for the README."""
import os, shutil, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

CHROMIUM = Path('/usr/bin/chromium')
ROOT = Path(__file__).resolve().parent.parent
SCENEGAN = Path(sys.executable).parent / 'scenegan'

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason='needs Debian chromium at /usr/bin/chromium (.ci/run installs it)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


def wait_for_server(url: str, proc: subprocess.Popen, timeout: float):
    "Wait until `url` answers, or fail with the server's output if it exits or the time runs out."
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None: pytest.fail(f"scenegan studio exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2): return
        except OSError: time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout} s")


@pytest.fixture
def studio_server(tmp_path):
    "`scenegan studio --no-browser` on a free port, in its own process group; stopped (with its kernel) whatever happens."
    port = free_port()
    log = open(tmp_path / 'server.log', 'w')
    proc = subprocess.Popen([str(SCENEGAN), 'studio', '--no-browser', '--port', str(port)], cwd=tmp_path,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_server(url, proc, 30)
        yield url
    finally:
        proc.send_signal(signal.SIGTERM)              # scenegan studio stops Voila and removes its temporary folder
        try: proc.wait(20)
        except subprocess.TimeoutExpired: pass
        try: os.killpg(proc.pid, signal.SIGKILL)      # anything left in the group (Voila, its kernel)
        except ProcessLookupError: pass
        proc.wait()
        log.close()


def test_studio_in_a_browser(studio_server, tmp_path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--no-first-run'])
        try:
            page = browser.new_page(viewport={'width': 1280, 'height': 900})
            page.goto(studio_server, timeout=60_000)
            animate = page.locator('button.studio-animate')
            animate.wait_for(state='visible', timeout=60_000)      # Voila has run the app notebook: the widgets are up
            animate.click()
            animation = page.locator('img.studio-animation').first
            animation.wait_for(state='visible', timeout=45_000)
            page.wait_for_function("() => [...document.querySelectorAll('img.studio-animation')].every(i => i.complete && i.naturalWidth > 0)",
                                   timeout=10_000)
            assert page.locator('img.studio-animation').count() == 2              # the default: two variations
            assert 'animations of 32 frames' in page.inner_text('body')
            shot = tmp_path / 'studio.png'
            page.locator('.scenegan-studio').screenshot(path=str(shot))
            # uploads: one over the size limit and one that is no image get one line each, in the page
            def upload(name: str, data: bytes):
                with page.expect_file_chooser() as chooser:
                    page.locator('button', has_text='upload a photo').first.click()
                chooser.value.set_files(files=[{'name': name, 'mimeType': 'image/jpeg', 'buffer': data}])
            upload('big.jpg', bytes(21 * 2**20))
            page.get_by_text('big.jpg: 21.0 MB is over the upload limit of 20 MB').wait_for(timeout=30_000)
            upload('notes.jpg', b'not a picture')
            page.get_by_text('notes.jpg: cannot be read as an image').wait_for(timeout=30_000)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000
    if os.environ.get('UPDATE_README_IMAGES'): shutil.copy(shot, ROOT / 'nbs' / 'images' / 'studio.png')
