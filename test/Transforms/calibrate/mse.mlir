// mse: the threshold that minimizes the histogram estimate of the squared
// error of the point's own quantizer (2048 bins of |x|). Expected value: the
// NumPy reference (scripts/calibration_reference.py) via
// Inputs/make_testdata.py. Only the 8-bit point is checked: for the 32-bit
// activation every threshold's error is ~1e-19 and the argmin is rounding
// noise (the unit tests cover MSE at small widths).
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=mse dataset=%S/Inputs/wide.npy" | FileCheck %s

// CHECK: kind = input nbit = 8 {{.*}} params = <scale = 0.024247169494628906, clip = [-127, 127]>
// CHECK: kind = activation nbit = 32 {{.*}} params = <scale =
