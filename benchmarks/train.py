"""Throughput of a full split-BN training step versus the model alone, side by side in one run.

full step  : DeviceLoader batch -> weak (Cutout) and strong (RandAugment) views on the device -> `train_step`
             (one forward/backward of the doubled batch in "split" routing, SGD step)
model only : `train_step` on a fixed, pre-augmented doubled batch (the same shapes, no data or augmentation work)

Both use `splitbn.train.train_step`, the function `fit` calls. Prints images/s (counting both views), the ratio
full/model-only, and the projected time of a paper run (200 epochs of 50k images, batch 128 per view).

    python benchmarks/train.py                              # WRN-28-2 and WRN-28-10 on CUDA (or CPU)
    python benchmarks/train.py --models wrn28_2 --steps 3   # a quick CPU look
    python benchmarks/train.py --compile --out benchmarks/train.md
"""
import argparse, datetime, os, platform, time

import torch

from splitbn.data import DeviceLoader, synthetic
from splitbn.train import TrainConfig, build_model, build_views, device_name, train_step


def timed(fn, steps, warmup, sync):
    for _ in range(warmup): fn()
    sync()
    t0 = time.perf_counter()
    for _ in range(steps): fn()
    sync()
    return time.perf_counter() - t0


def bench(model_name, batch, steps, warmup, compile_, device):
    cfg = TrainConfig(dataset='synthetic', model=model_name, batch_size=batch, compile=compile_, device=str(device))
    data = synthetic(n=max(8 * batch, 2048), size=32, num_classes=10, in_chans=3, seed=0)
    model = build_model(cfg, data).to(device)
    if device.type == 'cuda': model = model.to(memory_format=torch.channels_last)
    net = torch.compile(model) if compile_ and device.type == 'cuda' else model
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=5e-4)
    loader = DeviceLoader(data, batch_size=batch, seed=0, device=device, views=build_views(cfg))
    batches = iter(())
    def next_batch():
        nonlocal batches
        try: return next(batches)
        except StopIteration:
            loader.set_epoch(loader.epoch + 1); batches = iter(loader); return next(batches)
    def full():
        *views, y = next_batch()
        train_step(cfg, model, net, opt, views, y)
    *fixed_views, fixed_y = next_batch()
    def model_only(): train_step(cfg, model, net, opt, fixed_views, fixed_y)
    sync = torch.cuda.synchronize if device.type == 'cuda' else (lambda: None)
    t_model = timed(model_only, steps, warmup, sync)
    t_full = timed(full, steps, warmup, sync)
    imgs = 2 * batch * steps
    steps_per_epoch = 50_000 // batch
    return dict(model=model_name, batch=batch, compile=compile_, full_ips=imgs / t_full, model_ips=imgs / t_model,
                ratio=t_model / t_full, projected_min=200 * steps_per_epoch * t_full / steps / 60)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--models', nargs='+', default=['wrn28_2', 'wrn28_10'])
    p.add_argument('--batch', type=int, default=128, help='images per view (the step sees twice as many)')
    p.add_argument('--steps', type=int, default=None, help='timed steps (default 50 on CUDA, 3 on CPU)')
    p.add_argument('--warmup', type=int, default=None)
    p.add_argument('--compile', action='store_true', help='torch.compile the model (CUDA only)')
    p.add_argument('--out', default=None, help='append the results as markdown to this file')
    a = p.parse_args()
    device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
    if device.type == 'cuda': torch.backends.cudnn.benchmark = True
    steps = a.steps or (50 if device.type == 'cuda' else 3)
    warmup = a.warmup if a.warmup is not None else (10 if device.type == 'cuda' else 1)
    rows = [bench(m, a.batch, steps, warmup, a.compile, device) for m in a.models]
    head = (f"### {datetime.date.today()} — {device_name(device)}, torch {torch.__version__}, "
            f"batch {a.batch} per view, {steps} timed steps, compile={a.compile}\n\n"
            f"Command: `python benchmarks/train.py {' '.join(os.sys.argv[1:])}`\n\n")
    table = ("| model | full split-BN step (img/s) | model only (img/s) | full / model-only | projected 200 epochs × 50k |\n"
             "|---|---:|---:|---:|---:|\n" +
             "".join(f"| {r['model']} | {r['full_ips']:,.0f} | {r['model_ips']:,.0f} | {100 * r['ratio']:.0f} % | "
                     f"{r['projected_min']:,.1f} min |\n" for r in rows))
    print(head + table)
    if a.out:
        with open(a.out, 'a') as f: f.write('\n' + head + table)


if __name__ == '__main__': main()
