"""Write the frozen Fashion-MNIST protocol (issue 13) to results/protocol_fashion_mnist.json.

    python campaign/freeze_fashion_mnist.py N M

N, M: the RandAugment setting chosen by campaign/calibrate_fashion_mnist.py (best validation accuracy of the sweep,
results/calibration.csv). Everything else was fixed by the budget before the sweep: WRN-16-2 on a stratified 5,000-image
subset for 15 epochs, then (as that under-fitted) the same compute on fewer images for more epochs: 2,000 x 40 and
1,000 x 80; the budget where RandAugment came closest to Standard (1,000 x 80) was taken, as issue 13 says when
RandAugment beats Standard nowhere. One thread per run (two runs side by side on the 2-core machine). Then, from a checkout:

    SPLITBN_RUNS=/work/splitbn_runs OMP_NUM_THREADS=1 python -m splitbn.campaign results/protocol_fashion_mnist.json --publish &
    SPLITBN_RUNS=/work/splitbn_runs OMP_NUM_THREADS=1 python -m splitbn.campaign results/protocol_fashion_mnist.json --publish &
"""
import sys, time
from splitbn.campaign import DEFAULT_SEEDS, Protocol
from splitbn.ledger import project_root

n, m = int(sys.argv[1]), float(sys.argv[2])
m = int(m) if m == int(m) else m  # as in RA_SETTINGS: 4 and 4.0 hash differently
proto = Protocol(
    name='fashion_mnist', dataset='fashion_mnist', model='wrn16_2', epochs=80, n_train=1000, threads=1,
    seeds=dict(DEFAULT_SEEDS, fig45=3),  # Figures 4-5 over 3 seeds, so their claims get an interval (3 cheap 'none' runs)
    overrides=dict(ra_n=n, ra_m=m, eval_every=80, channels_last=True),
    frozen=f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: before any table run, from results/calibration.csv "
           "(single-BN Standard and RandAugment only, validation accuracy on 5,000 images held out of the training set, "
           "seed 0). WRN-16-2 and about 560-600 SGD steps per run: one single-BN run about 10-12 min on the 2-core AVX2 "
           "EPYC. 5,000 images x 15 epochs under-fitted (Standard 88.2 %, best RandAugment 84.7 %); 2,000 x 40 gave "
           "86.5 vs 85.3 %, 1,000 x 80 gave 84.0 vs 83.4 %: RandAugment beats Standard nowhere, and comes closest at "
           f"1,000 x 80, which is taken. RandAugment (N, M) = ({n}, {m:g}): best of (1, 2), (1, 4), (2, 2) at 5,000 x 15 "
           "(the sweep was cut to these gentle points for time; the CIFAR-10 setting (3, 4) was 2.2 points below Standard "
           "in a first look). eval_every=80: test accuracy only at the end (does not change training); "
           "channels_last: fp32 channels-last, 1.4x faster on this CPU.")
print(proto.save(project_root() / 'results' / 'protocol_fashion_mnist.json'))
