# Package metadata comes from settings.ini, the single place nbdev keeps it.
from configparser import ConfigParser
from pathlib import Path
from setuptools.command.build_py import build_py
import setuptools, shlex, shutil

config = ConfigParser(delimiters=['='])
config.read('settings.ini', encoding='utf-8')
cfg = config['DEFAULT']

licenses = {'apache2': ('Apache Software License 2.0', 'OSI Approved :: Apache Software License')}
statuses = ['Planning', 'Pre-Alpha', 'Alpha', 'Beta', 'Production/Stable', 'Mature', 'Inactive']
lic = licenses[cfg['license']]
requirements = shlex.split(cfg.get('requirements', ''))
dev_requirements = shlex.split(cfg.get('dev_requirements', ''))
console_scripts = cfg.get('console_scripts', '').split()

# Files the installed package needs that live outside scenegan_nb/ in the repository, where users and the
# README expect them: every checkpoint folder, and the sample stills. A built package (wheel, `pip install .`)
# gets a copy at scenegan_nb/DEST; an editable install reads them from the repository. git holds them once.
SHIPPED = {'checkpoints': ('checkpoints', '*/**/*'), 'sample_stills': ('data', '*.jpg')}   # dest: (repo folder, glob)
# (scenegan_nb.inference.SHIPPED_FOLDERS and shipped_path find them again, in either place.)

class BuildPyWithShipped(build_py):
    "build_py, then copy the SHIPPED repository folders into the built package."
    def run(self):
        super().run()
        if self.editable_mode: return
        for dest, (src, pattern) in SHIPPED.items():
            shutil.rmtree(Path(self.build_lib, cfg['lib_name'], dest), ignore_errors=True)   # nothing stale from an earlier build
            for f in sorted(p for p in Path(src).glob(pattern) if p.is_file()):
                target = Path(self.build_lib, cfg['lib_name'], dest, f.relative_to(src))
                self.mkpath(str(target.parent))
                self.copy_file(str(f), str(target))

setuptools.setup(
    cmdclass={'build_py': BuildPyWithShipped},
    name=cfg['lib_name'],
    license=lic[0],
    classifiers=['Development Status :: ' + statuses[int(cfg['status'])],
                 'Intended Audience :: ' + cfg['audience'].title(),
                 'License :: ' + lic[1],
                 'Natural Language :: ' + cfg['language'].title(),
                 'Programming Language :: Python :: 3'],
    url=cfg['git_url'],
    packages=setuptools.find_packages(include=[cfg['lib_name'], cfg['lib_name'] + '.*']),
    include_package_data=True,
    install_requires=requirements,
    extras_require={'dev': dev_requirements},
    python_requires='>=' + cfg['min_python'],
    long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown',
    zip_safe=False,
    entry_points={'console_scripts': console_scripts, 'nbdev': [f'{cfg["lib_path"]}={cfg["lib_path"]}._modidx:d']},
    version=cfg['version'],
    author=cfg['author'], author_email=cfg['author_email'],
    description=cfg['description'], keywords=cfg['keywords'],
)
