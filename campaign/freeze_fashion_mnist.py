"""Write the frozen Fashion-MNIST protocol (issue 13) to results/protocol_fashion_mnist.json.

    python campaign/freeze_fashion_mnist.py N M

N, M: the RandAugment setting chosen by campaign/calibrate_fashion_mnist.py (best validation accuracy of the sweep,
results/calibration.csv). Everything else was fixed by the budget before the sweep: WRN-16-2 on a stratified 5,000-image
subset for 15 epochs, one thread per run (two runs side by side on the 2-core machine). Then, from a checkout:

    SPLITBN_RUNS=/work/splitbn_runs OMP_NUM_THREADS=1 python -m splitbn.campaign results/protocol_fashion_mnist.json --publish &
    SPLITBN_RUNS=/work/splitbn_runs OMP_NUM_THREADS=1 python -m splitbn.campaign results/protocol_fashion_mnist.json --publish &
"""
import sys, time
from splitbn.campaign import DEFAULT_SEEDS, Protocol
from splitbn.experiment import project_root

n, m = int(sys.argv[1]), float(sys.argv[2])
m = int(m) if m == int(m) else m  # as in RA_SETTINGS: 4 and 4.0 hash differently
proto = Protocol(
    name='fashion_mnist', dataset='fashion_mnist', model='wrn16_2', epochs=15, n_train=5000, threads=1,
    seeds=dict(DEFAULT_SEEDS, fig45=3),  # Figures 4-5 over 3 seeds, so their claims get an interval (3 cheap 'none' runs)
    overrides=dict(ra_n=n, ra_m=m, eval_every=15, channels_last=True),
    frozen=f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: before any table run. Model, subset and epochs from the "
           "budget (one single-BN run about 10-15 min on the 2-core AVX2 EPYC); RandAugment (N, M) = "
           f"({n}, {m:g}) = best validation accuracy of the single-BN sweep in results/calibration.csv (5,000 images held out "
           "of the training set, seed 0). eval_every=15: test accuracy only at the end (does not change training); "
           "channels_last: fp32 channels-last, 1.4x faster on this CPU.")
print(proto.save(project_root() / 'results' / 'protocol_fashion_mnist.json'))
