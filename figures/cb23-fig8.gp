# cb23-fig8 — TF, BP and FA on IBRegTask and MNISTRegTask (cb23 Fig. 8).
# Usage: gnuplot -e "dir='figures/cb23-fig8'; out='figures/cb23-fig8/cb23-fig8'" figures/cb23-fig8.gp
# Reads dir/cb23-fig8-curves.tsv; writes out.png, out.svg, out.pdf.
#   left: IBRegTask (training set), right: MNISTRegTask
#   rows: loss, accuracy (MNIST: training batches solid, test set dashed,
#         nearest-decile test accuracy dotted),
#         MI(H; Y) of the epoch's codes (bins of 0.1)
# Lines: mean over repetitions; bands: ± SEM (IBRegTask; MNIST has one run).
load "figures/common.gpi"
f = dir."/cb23-fig8-curves.tsv"
array tname[2] = ["IBRegTask", "MNISTRegTask"]
array v[3] = ["TF", "BP", "FA"]
array col[3] = ["#1f77b4", "#2ca02c", "#ff7f0e"]
array dash[3] = [1, 1, 1]
array nvt[2] = [3, 3]
nearest = 1   # MNISTRegTask: also the nearest-decile test accuracy
eval n_of(f, "n_ib", "IBRegTask,")
eval n_of(f, "n_mnist", "MNISTRegTask,")
figtitle = "cb23 Fig. 8 — regression tasks: TF, BP, FA at the decoder (mean ± SEM; IBRegTask: n = ".n_ib." runs, MNISTRegTask: n = ".n_mnist.(n_mnist eq "1" ? " run, so no band" : " runs").")"
load "figures/cb23-variants.gpi"
