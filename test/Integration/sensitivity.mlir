// End-to-end sensitivity in the calibration report on the Fashion-MNIST
// example (kl_divergence, every layer, the default 32 samples): the first ReLU's output
// is the point that costs the most (KL clips it at 1.62 of 3.91), and the
// report's "every point quantized" SQNR is what quant-run measures for the
// simulated model against the float model on the same 32 samples.
// RUN: quant-opt %autoquant_src_root/examples/fmnist/model.mlir --autoquant="preset=tvm calibrate-mode=kl_divergence weight-scale=max skip-conv-layers= skip-dense-layer=false dataset=%autoquant_src_root/examples/fmnist/calib_x.npy report=%t.html simulate" -o %t.sim.mlir
// RUN: quant-run %t.sim.mlir --input %autoquant_src_root/examples/fmnist/calib_x.npy --max-samples 32 --compare %autoquant_src_root/examples/fmnist/model.mlir --quiet > %t.run.txt
// RUN: cat %t.html %t.run.txt | FileCheck %s

// CHECK: with every point quantized: [[ALL:[0-9]+\.[0-9][0-9]]] dB.
// CHECK: <tr class="bad"><td>1</td><td class="name"><a href="#{{p[0-9]+}}">relu1/input</a></td>
// CHECK: SQNR: [[ALL]] dB
