#!/usr/bin/env bash
# Issue 13, step 2: every table and figure on Fashion-MNIST from the campaign's runs (results/protocol_fashion_mnist.json).
# Run after `python -m splitbn.campaign results/protocol_fashion_mnist.json --status` shows a table's runs done: the
# notebooks read those runs' accuracies from the campaign CSV and load the models they evaluate (same run ids). Evaluations are cached in each run's folder
# (splitbn.experiment.cached_eval), so a killed notebook resumes. The evaluation budgets below were fixed with the
# protocol, before any result: Table 5 on the first 1,000 test images per corruption and severity (75,000 images per
# model), Figure 4 on 200 test images per Fourier basis (28 x 28 bases), Figure 5 on the paper's 500, Affinity on all
# 10,000.
#   usage: bash campaign/tables_fashion_mnist.sh [05 08 09 10 11 12]   (default: all, in this order)
# Each table is refused (exit 1, with the list) while a run it needs is neither recorded nor cached, or a model it
# evaluates is not in the run cache.
set -euo pipefail
cd "$(dirname "$0")/.."
export SPLITBN_RUNS=${SPLITBN_RUNS:-/work/splitbn_runs} OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
# speed only (results unchanged): large evaluation batches reuse heap memory instead of fresh pages, 2x faster on this
# CPU (benchmarks/cpu_malloc.md)
export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-1073741824} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-1073741824}
P="-p dataset fashion_mnist -p models wrn16_2 -p epochs 80 -p n_train 1000 -p publish True"
# accuracies come from the campaign's CSV (every run recorded there, by run id): only the models a table evaluates
# further (splitbn.campaign.TABLE_MODELS) are loaded from the run cache
R="-p recorded $PWD/results/campaign_fashion_mnist.csv"
out=$SPLITBN_RUNS/notebooks; mkdir -p "$out"
tables=("$@"); [ ${#tables[@]} -eq 0 ] && tables=(05 11 08 09 10 12)
declare -A TABLE=([05]=table2 [11]=table5 [08]=table1 [09]=table3 [10]=table4 [12]=fig45)
for t in "${tables[@]}"; do
  # a notebook trains what it can neither read nor load, with its own engine defaults (amp=True: bf16 on a bf16 CPU),
  # not the protocol's: refuse unless the campaign has every run the table needs
  [ -n "${TABLE[$t]:-}" ] && python -m splitbn.campaign results/protocol_fashion_mnist.json --publish --ready "${TABLE[$t]}"
  case $t in
    05) papermill nbs/05_table2.ipynb "$out/05_table2_fmnist.ipynb" $P $R -p seeds 0,1,2,3,4 ;;
    11) papermill nbs/11_table5_fig3.ipynb "$out/11_table5_fmnist.ipynb" $P -p seeds 0,1,2,3,4 -p n_eval 1000 ;;
    08) papermill nbs/08_table1.ipynb "$out/08_table1_fmnist.ipynb" $P $R -p seeds 0,1,2 ;;
    09) papermill nbs/09_table3.ipynb "$out/09_table3_fmnist.ipynb" $P $R -p seeds 0,1,2 ;;
    10) papermill nbs/10_table4.ipynb "$out/10_table4_fmnist.ipynb" $P $R -p seeds 0,1,2 ;;
    12) papermill nbs/12_fig4_fig5.ipynb "$out/12_fig4_fig5_fmnist.ipynb" $P -p seeds 0,1,2 -p n_heatmap 200 -p n_lowpass 500 ;;
    *) echo "unknown table $t (05 08 09 10 11 12)" >&2; exit 2 ;;
  esac
done
