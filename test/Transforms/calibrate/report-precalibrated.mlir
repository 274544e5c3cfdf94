// A point calibrated before (W here, recalibrate=false) is not reported but
// is masked like the others, so the reference stays the float model: x's
// figures equal report.mlir's, where W is calibrated in the same run to the
// same scale (minmax: 0.75 / 128).
// RUN: quant-opt %s --autoquant-calibrate="calibrate-mode=minmax weight-scale=max dataset=%S/Inputs/x.npy report=%t.html" -o /dev/null
// RUN: FileCheck %s < %t.html

// CHECK: 2 quantization points
// CHECK: <tr class="bad"><td>1</td><td class="name"><a href="#p0">x/input</a></td>{{.*}}<td>40.52</td><td>43.21</td></tr>
// CHECK-NOT: W/weight</a>
func.func @net(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<2x4xf32> loc("x/input")
  %s3 = tosa.const_shape {values = dense<[1, 2, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %x3 = tosa.reshape %xq, %s3 : (tensor<2x4xf32>, !tosa.shape<3>) -> tensor<1x2x4xf32>
  %w = "tosa.const"() <{values = dense<[[[0.5, -0.25, 0.125], [0.75, 0.0, -0.5], [-0.125, 0.25, 0.5], [0.0625, -0.75, 0.25]]]> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32> loc("W")
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.005859375, clip = [-127, 127]> : tensor<1x4x3xf32> loc("W/weight")
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %x3, %wq, %zp, %zp : (tensor<1x2x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3xf32>
  %s2 = tosa.const_shape {values = dense<[2, 3]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %y = tosa.reshape %m, %s2 : (tensor<1x2x3xf32>, !tosa.shape<2>) -> tensor<2x3xf32>
  %yq = autoquant.simulated_quantize %y kind = activation nbit = 32 sign = true rounding = half_away_from_zero : tensor<2x3xf32> loc("y/activation")
  return %yq : tensor<2x3xf32>
}
