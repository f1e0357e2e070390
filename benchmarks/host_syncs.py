"""Host synchronisations per training step of `splitbn.train.fit`, counted on the CPU with `splitbn.core.host_syncs`.

For each training mode, one epoch of `fit` (synthetic CIFAR-shaped data, WRN-10-1, 8 steps of 2 x 8 images,
`CHECK_EVERY` = 3): the calls that make the host wait for the device (`item`, `tolist`, `bool(t)`, `int(t)`, `.cpu()`,
and dispatcher ops such as `nonzero` or `bincount`) between the start of one `train_step` and the start of the next,
summed over the 7 full intervals. The three looks at the non-finite flag (after steps 3 and 6) are the only ones the
loop is meant to make. Run it against another checkout to compare (the counter is always this checkout's):

    python benchmarks/host_syncs.py                                # this checkout
    PYTHONPATH=/path/to/old/checkout python benchmarks/host_syncs.py --label before
"""
from __future__ import annotations
import argparse, collections, importlib.util, pathlib, sys, tempfile
import torch

_core = pathlib.Path(__file__).resolve().parents[1] / 'splitbn' / 'core.py'
_spec = importlib.util.spec_from_file_location('_syncs_core', _core); _mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
host_syncs = _mod.host_syncs

MODES = {'Weak Augment (cutout / randaugment)': {}, 'cutout / autoaugment': dict(aux_aug='autoaugment'),
         'cutout / augmix': dict(aux_aug='augmix'), 'cutout / pgd': dict(aux_aug='pgd'), 'single BN, cutout': dict(aux_aug=None),
         'AugMix-JSD (3 views)': dict(main_aug='augmix', aux_aug=None, augmix_jsd=True)}

def per_step(T, cfg, out: str, check_every: int = 3) -> list[list[str]]:
    marks, step_fn, every = [], T.train_step, T.CHECK_EVERY
    def traced(*a, **k): marks.append(len(calls)); return step_fn(*a, **k)
    T.CHECK_EVERY, T.train_step = check_every, traced
    try:
        with host_syncs() as calls: T.fit(cfg, out, quiet=True)
    finally: T.CHECK_EVERY, T.train_step = every, step_fn
    return [calls[a:b] for a, b in zip(marks, marks[1:])]

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0]); p.add_argument('--label', default='this checkout')
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    import splitbn.train as T
    print(f"splitbn from {pathlib.Path(T.__file__).parent} ({a.label})\n")
    print('| mode | syncs in 7 step intervals | by kind |\n|---|---:|---|')
    with tempfile.TemporaryDirectory() as d:
        for name, kw in MODES.items():
            cfg = T.TrainConfig(dataset='synthetic', model='wrn10_1', epochs=1, batch_size=8, n_train=64, n_test=16, lr=0.05, **kw)
            steps = per_step(T, cfg, d)
            flat = [c for s in steps for c in s]
            kinds = ', '.join(f'{k} {v}' for k, v in collections.Counter(flat).most_common())
            print(f"| {name} | {len(flat)} | {kinds} |")

if __name__ == '__main__': main()
