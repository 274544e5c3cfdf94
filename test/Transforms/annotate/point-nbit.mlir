// point-nbit=PATTERN:BITS sets the bit width of the points whose name
// (<producer>/<kind>) matches; the last matching pattern wins. Here the conv
// weight gets 6 bits, every input point 16, then conv1's input 7.
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers= point-nbit=conv1.weight/weight:6,*/input:16,x/input:7" | FileCheck %s
// RUN: not quant-opt %s --autoquant-annotate="point-nbit=relu9/*:8" 2>&1 | FileCheck %s --check-prefix=UNUSED
// RUN: not quant-opt %s --autoquant-annotate="point-nbit=conv1.weight/weight" 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: not quant-opt %s --autoquant-annotate="point-nbit=conv1.weight/weight:33" 2>&1 | FileCheck %s --check-prefix=RANGE

// CHECK: autoquant.simulated_quantize %{{.*}} kind = input nbit = 7
// CHECK: autoquant.simulated_quantize %{{.*}} kind = weight nbit = 6
// CHECK: autoquant.simulated_quantize %{{.*}} kind = input nbit = 16
// UNUSED: error: autoquant-annotate: point-nbit pattern 'relu9/*' matches no op location
// SYNTAX: error: autoquant-annotate: point-nbit expects NAME-PATTERN:BITS with BITS in [1, 32], got 'conv1.weight/weight'
// RANGE: error: autoquant-annotate: point-nbit expects NAME-PATTERN:BITS with BITS in [1, 32], got 'conv1.weight/weight:33'
func.func @net(%x: tensor<1x4x4x1xf32> loc("x")) -> tensor<1x2x2x1xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("conv1.weight")
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x1xf32> loc("conv1")
  %m = tosa.max_pool2d %c {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> loc("pool1")
  return %m : tensor<1x2x2x1xf32>
}
