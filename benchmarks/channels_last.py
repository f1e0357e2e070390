"""fp32 channels-last vs the default layout on a CPU, measured through `fit` (loader, both views, split-BN step,
evaluation), side by side in one process. Fashion-MNIST (needs the data set), WRN-16-2, 20 steps of batch 128 per view.

    python benchmarks/channels_last.py [THREADS]

Prints train_s (the training loop) and the wall time of each `fit`, for single-BN Standard and split-BN Weak Augment."""
import sys, tempfile, time
import torch
from splitbn.core import device_name
from splitbn.recipes import make_config
from splitbn.train import fit

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {device_name('cpu')}, torch {torch.__version__}")
print('| recipe | layout | train_s | fit wall s | test acc |\n|---|---|---:|---:|---:|')
for recipe in ('standard', 'weak'):
    for cl in (None, True):
        cfg = make_config(recipe, 'fashion_mnist', 'wrn16_2', 0, epochs=1, n_train=2560, n_test=1000, channels_last=cl)
        t = time.time(); r = fit(cfg, tempfile.mkdtemp(), quiet=True)
        print(f"| {recipe} | {'channels-last' if cl else 'default'} | {r.metrics['train_s']:.1f} | {time.time() - t:.1f} | "
              f"{r.metrics['acc_lam0.0']:.1f} |", flush=True)
