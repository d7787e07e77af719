# cb23-fig7 — BP, FA, TF, NF, NFA at the decoder on IBTask and MNIST (cb23 Fig. 7).
# Usage: gnuplot -e "dir='figures/cb23-fig7'; out='figures/cb23-fig7/cb23-fig7'" figures/cb23-fig7.gp
# Reads dir/cb23-fig7-curves.tsv; writes out.png, out.svg, out.pdf.
#   left: IBTask (training set), right: MNISTTask
#   rows: loss, accuracy (MNIST: training batches solid, test set dashed),
#         MI(H; Y) of the epoch's codes (bins of 0.1)
#   TF is the text's (with the ||K - I||^2 term); TF-noK the authors' runner's
#   (no term), a labelled variant.
# Lines: mean over repetitions; bands: ± SEM (none with one run); n from the data.
load "figures/common.gpi"
f = dir."/cb23-fig7-curves.tsv"
array tname[2] = ["IBTask", "MNISTTask"]
array v[6] = ["BP", "FA", "TF", "NF", "NFA", "TF-noK"]   # TF: the text's, with ||K - I||^2
array col[6] = ["#2ca02c", "#ff7f0e", "#1f77b4", "#9467bd", "#d62728", "#17becf"]
array dash[6] = [1, 1, 1, 1, 2, 4]   # NFA dashed: on IBTask it lies on FA
array nvt[2] = [6, 6]
eval n_of(f, "n_ib", "IBTask,")
eval n_of(f, "n_mnist", "MNISTTask,")
figtitle = "cb23 Fig. 7 — feedback at the decoder; encoders trained by BP (mean ± SEM; IBTask: n = ".n_ib." runs, MNIST: n = ".n_mnist.(n_mnist eq "1" ? " run, so no band" : " runs").")"
load "figures/cb23-variants.gpi"
