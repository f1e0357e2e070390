"""Throughput of a full split-BN training step versus the model alone, in fp32, bf16 and with torch.compile.

full step  : DeviceLoader batch -> weak (Cutout) and strong (RandAugment) views on the device -> `train_step`
             (one forward/backward of the doubled batch in "split" routing, the NaN-guarded SGD step)
model only : `train_step` on a fixed, pre-augmented doubled batch (the same shapes, no data or augmentation work)

Both use `splitbn.train.train_step`, the function `fit` calls, on Fashion-MNIST-shaped input (1x28x28, synthetic
data, so no data set is needed). Prints images/s (counting both views), the ratio model-only/full, and the projected
training time of one Fashion-MNIST run (60k images, batch 128 per view) for 15, 30 and 50 epochs.

Modes: fp32 (amp=False); bf16 (amp=True with bf16 autocast and channels_last forced on; on a CPU without native
bf16 this is PyTorch's *emulated* bf16, marked so); compile (fp32 plus torch.compile; the compile time is
reported separately and not counted in the step time).

    python benchmarks/train.py                                   # the default table (about 4 min on 2 CPU cores)
    python benchmarks/train.py --models wrn28_2 --modes fp32 bf16 --steps 5
    python benchmarks/train.py --precision-check                 # fp32 vs bf16 accuracy on digits, 3 seeds
    python benchmarks/train.py --out benchmarks/train.md         # append the tables to the record
"""
import argparse, datetime, os, sys, time

import torch

import splitbn.core as core
from splitbn.core import cpu_has_bf16, device_name, uses_bf16
from splitbn.data import DeviceLoader, synthetic
from splitbn.train import TrainConfig, build_model, build_views, fit, train_step

FMNIST_TRAIN = 60_000


def timed(fn, steps, warmup, sync):
    for _ in range(warmup): fn()
    sync()
    t0 = time.perf_counter()
    for _ in range(steps): fn()
    sync()
    return (time.perf_counter() - t0) / steps


class forced_bf16:
    "Pretend the CPU computes bf16 natively, so amp=True takes the bf16 path (emulated where it is not native)."
    def __enter__(self): self.orig = core.cpu_has_bf16; core.cpu_has_bf16 = lambda: True
    def __exit__(self, *exc): core.cpu_has_bf16 = self.orig


def bench(model_name, mode, batch, steps, warmup, device):
    amp = mode == 'bf16'
    cfg = TrainConfig(dataset='fashion_mnist', model=model_name, batch_size=batch, amp=amp, compile=mode == 'compile',
                      device=str(device))
    data = synthetic(n=max(4 * batch, 1024), size=28, num_classes=10, in_chans=1, seed=0)
    model = build_model(cfg, data).to(device)
    model = core.to_channels_last(model, device, amp)
    net = model
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    loader = DeviceLoader(data, batch_size=batch, seed=0, device=device, views=build_views(cfg))
    batches = iter(())
    def next_batch():
        nonlocal batches
        try: return next(batches)
        except StopIteration:
            loader.set_epoch(loader.epoch + 1); batches = iter(loader); return next(batches)
    sync = torch.cuda.synchronize if device.type == 'cuda' else (lambda: None)
    compile_s = None
    if cfg.compile:
        net = torch.compile(model)
        t0 = time.perf_counter()
        *v, y = next_batch(); train_step(cfg, model, net, opt, v, y); sync()  # compiles forward and backward
        compile_s = time.perf_counter() - t0
    def full():
        *views, y = next_batch()
        train_step(cfg, model, net, opt, views, y)
    *fixed_views, fixed_y = next_batch()
    def model_only(): train_step(cfg, model, net, opt, fixed_views, fixed_y)
    t_model = timed(model_only, steps, warmup, sync)
    t_full = timed(full, steps, warmup, sync)
    step_epoch = FMNIST_TRAIN // batch
    return dict(model=model_name, mode=mode, precision='bf16' if uses_bf16(device, amp) else 'fp32',
                full_ips=2 * batch / t_full, model_ips=2 * batch / t_model, t_full=t_full, t_model=t_model,
                compile_s=compile_s, proj={e: e * step_epoch * t_full / 60 for e in (15, 30, 50)})


def precision_check(seeds, epochs, model, n_train, recipe='weak'):
    "Final test accuracy of short digits runs in fp32 and in bf16 (forced), per seed."
    import tempfile
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for s in seeds:
            views = dict(main_aug='cutout', aux_aug='randaugment') if recipe == 'weak' else dict(main_aug='standard', aux_aug=None)
            base = TrainConfig(dataset='digits', model=model, epochs=epochs, batch_size=64, lr=0.05, seed=s, device='cpu',
                               n_train=n_train, **views)
            r32 = fit(base.replace(amp=False), f'{tmp}/fp32', quiet=True).metrics
            with forced_bf16(): r16 = fit(base.replace(amp=True), f'{tmp}/bf16', quiet=True).metrics
            rows.append((s, r32['acc_lam0.0'], r32['acc_lam1.0'], r16['acc_lam0.0'], r16['acc_lam1.0'], r32['train_s'], r16['train_s'], r16['precision']))
    return rows


def main():
    p = argparse.ArgumentParser(prog='python benchmarks/train.py', description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--models', nargs='+', default=['wrn16_2', 'wrn16_4', 'wrn28_2'])
    p.add_argument('--modes', nargs='+', default=['fp32', 'bf16', 'compile'], choices=['fp32', 'bf16', 'compile'])
    p.add_argument('--extra-models', nargs='+', default=['wrn16_2'],
                   help='models that also get the bf16 and compile rows on a CPU (default: wrn16_2; all on CUDA)')
    p.add_argument('--batch', type=int, default=128, help='images per view (the step sees twice as many)')
    p.add_argument('--steps', type=int, default=None, help='timed steps (default 50 on CUDA, 1 on CPU)')
    p.add_argument('--warmup', type=int, default=None)
    p.add_argument('--threads', type=int, default=2, help='torch.set_num_threads on CPU (default 2)')
    p.add_argument('--precision-check', action='store_true', help='compare fp32 and bf16 accuracy on digits instead')
    p.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2], help='precision check: seeds')
    p.add_argument('--epochs', type=int, default=15, help='precision check: epochs per run')
    p.add_argument('--n-train', type=int, default=None, help='precision check: stratified training subset (default: all 1347)')
    p.add_argument('--recipe', default='weak', choices=['weak', 'standard'],
                   help='precision check: Weak Augment (cutout main / RandAugment aux) or single-BN standard (flip + crop)')
    p.add_argument('--out', default=None, help='append the results as markdown to this file')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.2f}" + (" (machine loaded: figures are preliminary)" if load > 0.5 else ''), flush=True)
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    native = uses_bf16(device, True)
    bf16_note = 'native' if native else 'EMULATED (this CPU has no native bf16: amp=True stays fp32 here; forced for the row)'
    stamp = (f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC — {device_name(device)}, torch {torch.__version__}, "
             f"load average {load:.2f}{' — **machine loaded**' if load > 0.5 else ''}")
    command = f"Command: `python benchmarks/train.py {' '.join(sys.argv[1:])}`"
    if a.precision_check:
        rows = precision_check(a.seeds, a.epochs, 'wrn10_1', a.n_train, a.recipe)
        mean = lambda i: sum(r[i] for r in rows) / len(rows)
        out = (f"### Precision check {stamp}\n\n{command}\n\ndigits ({a.n_train or 1347} training images), WRN-10-1, {a.epochs} epochs, batch 64 per view, "
               f"{'Weak Augment (cutout main / RandAugment aux)' if a.recipe == 'weak' else 'single-BN standard (flip + crop)'}, test accuracy % (λ=0 main BN, λ=1 aux BN); bf16 {bf16_note}.\n\n"
               "| seed | fp32 λ=0 | fp32 λ=1 | bf16 λ=0 | bf16 λ=1 | fp32 train s | bf16 train s |\n|---|---:|---:|---:|---:|---:|---:|\n"
               + ''.join(f"| {r[0]} | {r[1]:.2f} | {r[2]:.2f} | {r[3]:.2f} | {r[4]:.2f} | {r[5]:.0f} | {r[6]:.0f} |\n" for r in rows)
               + f"| mean | {mean(1):.2f} | {mean(2):.2f} | {mean(3):.2f} | {mean(4):.2f} | {mean(5):.0f} | {mean(6):.0f} |\n")
        print(out)
        if a.out:
            with open(a.out, 'a') as f: f.write('\n' + out)
        return
    if device.type == 'cuda': torch.backends.cudnn.benchmark = True
    steps = a.steps or (50 if device.type == 'cuda' else 1)
    warmup = a.warmup if a.warmup is not None else (10 if device.type == 'cuda' else 1)
    rows = []
    for m in a.models:
        for mode in a.modes:
            if mode != 'fp32' and device.type == 'cpu' and m not in a.extra_models: continue
            with (forced_bf16() if mode == 'bf16' and not native else open(os.devnull)):
                rows.append(bench(m, mode, a.batch, steps, warmup, device))
            r = rows[-1]
            print(f"{m} {mode}: full {r['full_ips']:.0f} img/s, model-only {r['model_ips']:.0f} img/s"
                  + (f", compile {r['compile_s']:.0f} s" if r['compile_s'] else ''), flush=True)
    head = (f"### {stamp}\n\n{command}\n\nBatch {a.batch} per view (a step sees {2 * a.batch} images of 1×28×28), "
            f"{steps} timed steps after {warmup} warm-up; bf16: {bf16_note}.\n\n")
    def fmt(r):
        comp = '' if r['compile_s'] is None else f"{r['compile_s']:.0f}"
        proj = ' / '.join(f"{v / 60:.1f} h" if v >= 90 else f"{v:.0f} min" for v in r['proj'].values())
        return (f"| {r['model']} | {r['mode']} | {r['full_ips']:,.1f} | {r['model_ips']:,.1f} | {100 * r['t_model'] / r['t_full']:.0f} % | "
                f"{r['t_full']:.2f} | {comp} | {proj} |\n")
    table = ("| model | mode | full split-BN step (img/s) | model only (img/s) | model-only / full time | s per full step | "
             "compile s | one Fashion-MNIST run, 15 / 30 / 50 epochs |\n|---|---|---:|---:|---:|---:|---:|---|\n"
             + ''.join(fmt(r) for r in rows))
    print(head + table)
    if a.out:
        with open(a.out, 'a') as f: f.write('\n' + head + table)


if __name__ == '__main__': main()
