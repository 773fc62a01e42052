"""The studio's panels driven as a user drives them, without a browser: set widget values, press the buttons
(`Button.click()` runs the same handlers a click in the page runs), look at what the panel shows and writes."""
import io, json, time
from datetime import datetime
import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image
from scenegan_nb.studio import AnimatePanel, TrainPanel, Studio
from scenegan_nb.train import latest_checkpoint, read_checkpoint_state
from scenegan_nb.inference import preprocess


def upload(name: str, content: bytes) -> tuple:
    "A `FileUpload.value` as the browser sets it after the user picks one file."
    return ({'name': name, 'type': 'image/jpeg', 'size': len(content), 'content': memoryview(content), 'last_modified': datetime.now()},)


def gif_frames(widget) -> np.ndarray:
    return iio.imread(widget.value, index=None)


def test_animate_shows_32_frame_animations_and_saves_them(tmp_path):
    panel = AnimatePanel(out_dir=tmp_path / 'out')
    panel.still.choice.value = 'scene_02.jpg'
    panel.settings.set(n=2, seed=5)
    panel.animate_button.click()
    assert len(panel.animations.children) == 2
    for im in panel.animations.children:
        frames = gif_frames(im)
        assert frames.shape[0] == 32 and frames.shape[1:3] == (45 * 3, 80 * 3)       # 32 frames at the display scale
    assert (panel.progress.value, panel.progress.max) == (2, 2)
    assert '2 animations of 32 frames' in panel.message.value
    assert panel.frames.layout.display != 'none' and panel.grid.value[:4] == b'\x89PNG'
    first = panel.clips.copy()
    panel.animate_button.click()                                  # same settings: the same animations
    np.testing.assert_array_equal(panel.clips, first)
    panel.settings['seed'].new.click()                            # 'new seed' draws another motion
    panel.animate_button.click()
    np.testing.assert_array_equal(panel.clips[:, 0], first[:, 0])      # frame 0 is the still either way
    assert not np.array_equal(panel.clips, first)
    panel.save_format.value = 'mp4'
    panel.save_button.click()
    saved = sorted((tmp_path / 'out').glob('*.mp4'))
    assert len(saved) == 2 and f"saved 2 MP4 files (240x135) to {tmp_path / 'out'}" in panel.save_message.value
    assert iio.imread(saved[0], plugin='pyav').shape[0] == 32


def test_bad_upload_says_so_and_the_panel_still_works(tmp_path):
    panel = AnimatePanel(out_dir=tmp_path)
    before = panel.still.choice.value
    panel.still.upload.value = upload('holiday.jpg', b'\xff\xd8\xff\xe0 this is not really a JPEG')
    assert 'holiday.jpg: cannot be read as an image' in panel.still.message.value
    assert panel.still.choice.value == before
    panel.settings.set(n=1)
    panel.animate_button.click()
    assert len(panel.animations.children) == 1 and gif_frames(panel.animations.children[0]).shape[0] == 32
    buf = io.BytesIO()
    Image.fromarray(np.tile(np.linspace(0, 255, 200, dtype=np.uint8), (120, 1))).convert('RGB').save(buf, 'JPEG')
    panel.still.upload.value = upload('gradient.jpg', buf.getvalue())       # a good upload is chosen and animated
    assert panel.still.choice.value == 'upload: gradient.jpg'
    panel.animate_button.click()
    np.testing.assert_array_equal(panel.clips[0, 0], preprocess(Image.open(io.BytesIO(buf.getvalue()))))


def test_size_loop_speed_mask_direction_and_sun_controls_reach_animate(tmp_path):
    panel = AnimatePanel(out_dir=tmp_path)
    panel.settings.set(n=1, seed=1)
    panel.animate_button.click()
    plain = panel.clips.copy()
    panel.settings['size'].value = '320x180'                      # typed into the output size box
    panel.animate_button.click()
    assert panel.clips.shape == (1, 32, 180, 320, 3)              # the photo itself, in colour, at that size
    assert gif_frames(panel.animations.children[0]).shape == (32, 180, 320, 3)   # shown as it is, not enlarged
    panel.settings.set(size=None, loop=True)
    panel.animate_button.click()
    def seam(clip): return np.abs(clip[-1].astype(int) - clip[0]).mean()
    assert seam(panel.clips[0]) < seam(plain[0]) / 4                 # the loop ends where it starts
    panel.settings.set(loop=False, speed=0.0)
    panel.animate_button.click()
    assert (panel.clips[0] == panel.clips[0, :1]).all()            # speed 0: a still
    Image.new('L', (64, 36), 0).save(tmp_path / 'black.png')
    panel.settings.set(speed=1.0, mask=str(tmp_path / 'black.png'))
    panel.animate_button.click()
    assert (panel.clips[0] == panel.clips[0, :1]).all()            # an all-black mask: nothing moves
    panel.settings.set(mask=str(tmp_path / 'nothing.png'))
    panel.animate_button.click()
    assert 'nothing.png' in panel.message.value and not panel.animate_button.disabled
    panel.settings.set(mask=None, direction='left')                 # the wind box: a word, or DX,DY
    panel.animate_button.click()
    assert panel.clips.shape == plain.shape and not np.array_equal(panel.clips, plain)
    panel.settings['direction'].value = 'sideways'
    panel.animate_button.click()
    assert 'sideways' in panel.message.value and 'direction must be' in panel.message.value and not panel.animate_button.disabled
    panel.settings.set(direction=None, hold_sun=False)               # the sample still's sun: free, it moves with its sky
    panel.animate_button.click()
    assert panel.clips.shape == plain.shape and not np.array_equal(panel.clips, plain)


def wait_until(condition, timeout: float, what: str):
    end = time.time() + timeout
    while not condition():
        if time.time() > end: pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def test_train_stop_resume(tmp_path):
    panel = TrainPanel(run_dir=tmp_path / 'run', preset_name='tiny')
    panel.settings.set(stage_iters=(20, 20), fade_iters=2)        # long enough to stop it on the way
    assert panel.check() and 'scenegan train --preset tiny' in panel.command.value
    panel.train_button.click()
    assert panel.running and panel.train_button.disabled and not panel.stop_button.disabled
    wait_until(lambda: panel.trainer.step >= 2, 120, 'two training steps')
    panel.stop_button.click()
    panel.wait(120)
    stopped = panel.trainer.step
    assert not panel.running and 2 <= stopped < 40
    assert f"stopped at step {stopped}" in panel.status.value
    ckpt = latest_checkpoint(tmp_path / 'run')
    assert read_checkpoint_state(ckpt)['step'] == stopped          # the checkpoint is where it stopped
    assert panel.plot.value[:4] == b'\x89PNG' and not panel.resume_button.disabled
    panel.resume_button.click()
    assert panel.started_at == stopped                             # resumed from that checkpoint, not from 0
    wait_until(lambda: panel.trainer.step >= stopped + 2, 120, 'two more steps after resuming')
    panel.stop_button.click()
    panel.wait(120)
    assert read_checkpoint_state(latest_checkpoint(tmp_path / 'run'))['step'] == panel.trainer.step > stopped
    logged = [json.loads(line)['step'] for line in (tmp_path / 'run' / 'log.jsonl').read_text().splitlines()]
    assert logged == sorted(logged) and logged[-1] > stopped         # one log, continued


def test_studio_has_the_three_panels(tmp_path):
    studio = Studio(out_dir=tmp_path / 'out', run_dir=tmp_path / 'run')
    assert studio.tabs.titles == ('Animate', 'Train', 'Compare')
    assert studio.tabs.children == (studio.animate, studio.train, studio.compare)
