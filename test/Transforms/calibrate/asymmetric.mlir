// activation-range=asymmetric: 8/16-bit data points get an affine quantizer
// for their observed [min, max] (widened to include 0) with a zero point;
// 32-bit points stay symmetric. minmax on Inputs/x.npy: x in [-3.5, 1.3125]
// -> scale 4.8125 / 255 = 0.018872549019607842, zero point
// round(-128 + 3.5 / scale) = round(57.45) = 57 (NumPy, by hand).
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax activation-range=asymmetric weight-scale=max dataset=%S/Inputs/x.npy" | FileCheck %s
// Realized, the matmul takes the zero point as its a_zp operand:
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax activation-range=asymmetric weight-scale=max dataset=%S/Inputs/x.npy" --autoquant-realize | FileCheck %s --check-prefix=REAL
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax activation-range=asymmetric weight-scale=max dataset=%S/Inputs/x.npy" --autoquant-realize | quant-opt --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null
// stats files carry the range:
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax activation-range=asymmetric weight-scale=max dataset=%S/Inputs/x.npy stats-out=%t.json" -o /dev/null
// RUN: quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=minmax activation-range=asymmetric weight-scale=max stats-in=%t.json" | FileCheck %s
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="calibrate-mode=percentile activation-range=asymmetric" 2>&1 | FileCheck %s --check-prefix=MODE
// RUN: not quant-opt %S/Inputs/model.mlir --autoquant-calibrate="activation-range=skewed" 2>&1 | FileCheck %s --check-prefix=BAD

// CHECK: kind = input nbit = 8 {{.*}} params = <scale = 0.018872549019607842, zero_point = 57, clip = [-128, 127]>
// CHECK: kind = weight nbit = 8 {{.*}} params = <scale = 0.005859375, clip = [-127, 127]>
// CHECK: kind = activation nbit = 32 {{.*}} params = <scale = 9.458744898438454e-10, clip = [-2147483647, 2147483647]>
// REAL: %[[AZP:.*]] = "tosa.const"() <{values = dense<57> : tensor<1xi8>}>
// REAL: tosa.matmul %{{.*}}, %{{.*}}, %[[AZP]], %{{.*}} {autoquant.scale
// MODE: error: autoquant-calibrate: activation-range=asymmetric needs calibrate-mode=minmax or mse
// BAD: for the --activation-range option: unknown value 'skewed' (expected symmetric, asymmetric)
