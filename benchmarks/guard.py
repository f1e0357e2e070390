"""Operators per training step spent by the non-finite-step guard of `splitbn.train.train_step`, counted with torch.profiler.

The guard saves everything a step changes (parameters, BN statistics, momentum) and puts it back when the loss or
a gradient is not finite. Three variants of it run the same `train_step` (patched in for the measurement):

- `none`: no guard at all (unsafe; the baseline the other two are compared with),
- `per_tensor`: the guard before 2026-12: one clone per tensor before the step, one `where` and one `copy_` after,
- `foreach` (the current `splitbn.train._save_state` / `_undo_unless`): one `_foreach_clone` before, three `_foreach`
  ops on the integer views of the state after.

Counted per step, from torch.profiler's CPU events: every `aten::` operator including the ones nested in others
(`all ops`), the top-level `aten::` operators (`top-level`), and those that are not views (`view` / `as_strided` /
`_reshape_alias` / `unsqueeze` / `expand` / `alias` / `detach` / `select` / `slice` / ... ), which create no kernel
(`non-view top-level`); a CUDA kernel launch corresponds to a non-view top-level op (roughly: a `_foreach` op on CUDA
launches one kernel per chunk of tensors, a few for a whole model). Also the guard's CPU time per step (median of
`--steps` steps after `--warmup`, wall clock, one thread).

    python benchmarks/guard.py --out benchmarks/guard.md
"""
from __future__ import annotations
import argparse, contextlib, datetime, platform, statistics, sys, time
import torch
from torch.profiler import ProfilerActivity, profile
from splitbn import train as T
from splitbn.core import device_name
from splitbn.models import get_model

_VIEWS = {'view', 'as_strided', '_reshape_alias', 'reshape', 'unsqueeze', 'squeeze', 'expand', 'alias', 'detach', 'select',
          'slice', 't', 'transpose', 'permute', 'unbind', 'split', 'chunk', 'narrow', 'flatten', 'view_as', 'lift_fresh',
          'resolve_conj', 'resolve_neg', '_unsafe_view', 'contiguous', 'empty', 'empty_strided', 'empty_like', 'result_type'}

def _per_tensor_save(model, opt):
    return [t.detach().clone() for t in T._state_tensors(model, opt)]

def _per_tensor_undo(finite, saved, model, opt):
    after = T._state_tensors(model, opt)
    with torch.no_grad():
        for i, t in enumerate(after):
            t.copy_(torch.where(finite, t, saved[i] if i < len(saved) else torch.zeros_like(t)))

VARIANTS = {'none': (lambda model, opt: [], lambda *a: None),
            'per_tensor': (_per_tensor_save, _per_tensor_undo),
            'foreach': (T._save_state, T._undo_unless)}

@contextlib.contextmanager
def variant(name):
    old = T._save_state, T._undo_unless
    T._save_state, T._undo_unless = VARIANTS[name]
    try: yield
    finally: T._save_state, T._undo_unless = old

_LAUNCHES = ('cudaLaunchKernel', 'cuLaunchKernel', 'cudaLaunchKernelExC', 'cuLaunchKernelEx')

def count(prof) -> tuple[int, int, int, int]:
    "(all aten ops, top-level aten ops, non-view top-level aten ops, CUDA kernel launches) in the profile."
    evs = [e for e in prof.events() if e.name.startswith('aten::')]
    top = [e for e in evs if e.cpu_parent is None or not e.cpu_parent.name.startswith('aten::')]
    launches = sum(e.name in _LAUNCHES for e in prof.events())
    return len(evs), len(top), sum(e.name[6:] not in _VIEWS for e in top), launches

def measure(model_name: str, batch: int, size: int, steps: int, warmup: int, device: str = 'cpu') -> dict:
    cfg = T.TrainConfig(dataset='synthetic', model='wrn28_2' if model_name.startswith('wrn') else model_name, batch_size=batch,
                        aux_aug='randaugment', device=device, amp=False, channels_last=False)
    torch.manual_seed(0)
    classes = 1000 if model_name == 'resnet50' else 10
    model = get_model(model_name, num_classes=classes, in_chans=3, dual_bn=True).to(device).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    g = torch.Generator().manual_seed(0)
    views = [torch.rand(batch, 3, size, size, generator=g).to(device) for _ in range(2)]
    y = torch.randint(0, classes, (batch,), generator=g).to(device)
    sync = torch.cuda.synchronize if device.startswith('cuda') else (lambda: None)
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.startswith('cuda') else [])
    n_state = len(T._state_tensors(model, opt))
    out = {}
    for name in VARIANTS:
        with variant(name):
            for _ in range(warmup): T.train_step(cfg, model, model, opt, views, y)   # momentum buffers exist from here on
            sync()
            with profile(activities=acts) as prof:
                for _ in range(steps): T.train_step(cfg, model, model, opt, views, y)
                sync()
            ops = [c / steps for c in count(prof)]
            save, undo = VARIANTS[name]
            times = []
            for _ in range(steps):  # the guard alone, outside the profiler
                sync(); t0 = time.perf_counter(); s = save(model, opt); undo(torch.tensor(True, device=device), s, model, opt); sync()
                times.append(time.perf_counter() - t0)
        out[name] = (*ops, 1000 * statistics.median(times))
    return dict(model=model_name, state_tensors=len(T._state_tensors(model, opt)), params=sum(p.numel() for p in model.parameters()),
                batch=batch, size=size, **out)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--steps', type=int, default=3); p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--out', help='append the table to this markdown file')
    p.add_argument('--device', default='cpu', help="'cpu' (operator counts) or 'cuda' (also kernel launches)")
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    rows = [measure('wrn28_2', 4, 32, a.steps, a.warmup, a.device), measure('resnet50', 2, 64, a.steps, a.warmup, a.device)]
    cuda = a.device.startswith('cuda')
    lines = [f"### {datetime.date.today()}: `python benchmarks/guard.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`", '',
             f"{device_name(a.device)}; torch {torch.__version__}; dual-BN models, SGD (momentum, Nesterov, weight decay), fp32, "
             f"contiguous; {a.steps} profiled steps after {a.warmup} warm-up steps; operators per step.", '',
             '| model | state tensors | guard | all aten ops | top-level | non-view top-level | guard\'s own non-view ops | guard ms |'
             + (' CUDA kernel launches | guard\'s own launches |' if cuda else ''),
             '|---|---:|---|---:|---:|---:|---:|---:|' + ('---:|---:|' if cuda else '')]
    for r in rows:
        base, base_l = r['none'][2], r['none'][3]
        for name in ('none', 'per_tensor', 'foreach'):
            a_, t_, nv, launches, ms = r[name]
            own = '—' if name == 'none' else f"{nv - base:,.0f}"
            lines.append(f"| {r['model']} ({r['params'] / 1e6:.1f} M params, batch 2×{r['batch']}, {r['size']} px) | {r['state_tensors']} | "
                         f"`{name}` | {a_:,.0f} | {t_:,.0f} | {nv:,.0f} | {own} | {'—' if name == 'none' else f'{ms:.1f}'} |"
                         + (f" {launches:,.0f} | {'—' if name == 'none' else f'{launches - base_l:,.0f}'} |" if cuda else ''))
    text = '\n'.join(lines) + '\n'
    print(text)
    if a.out:
        with open(a.out, 'a') as f: f.write('\n' + text)

if __name__ == '__main__': main()
