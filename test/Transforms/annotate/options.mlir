// Every annotate option on one model: conv0 -> conv1 -> dense.
// Defaults are TVM's: skip-conv-layers=0 (first conv float) and
// skip-dense-layer=true (dense float).
// RUN: quant-opt %s --autoquant-annotate | FileCheck %s --check-prefix=DEFAULT
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" | FileCheck %s --check-prefix=ALL
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=1 skip-dense-layer=false" | FileCheck %s --check-prefix=SKIP1
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers=0,1" | FileCheck %s --check-prefix=NONE
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers= nbit-input=4 nbit-weight=6 nbit-activation=16" | FileCheck %s --check-prefix=NBIT
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers= skip-dense-layer=false debug-enabled-ops=tosa.matmul" | FileCheck %s --check-prefix=DEBUG
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers= skip-dense-layer=false skip-locs=conv1,fc" | FileCheck %s --check-prefix=SKIPLOCS
// RUN: quant-opt %s --autoquant-annotate="skip-conv-layers= skip-dense-layer=false only-locs=conv*" | FileCheck %s --check-prefix=ONLYLOCS

// DEFAULT: %[[WQ:.*]] = autoquant.simulated_quantize %{{.*}} kind = weight
// DEFAULT: %[[C0:.*]] = tosa.conv2d %arg0, %{{[0-9]+}},
// DEFAULT-NEXT: %[[C0Q:.*]] = autoquant.simulated_quantize %[[C0]] kind = input
// DEFAULT-NEXT: %[[C1:.*]] = tosa.conv2d %[[C0Q]], %[[WQ]],
// DEFAULT-NOT: autoquant.simulated_quantize
// DEFAULT: tosa.matmul %{{[0-9]+}}, %{{[0-9]+}},

// ALL-COUNT-5: autoquant.simulated_quantize
// ALL-NOT: autoquant.simulated_quantize

// SKIP1: %[[XQ:.*]] = autoquant.simulated_quantize %arg0 kind = input
// SKIP1: %[[C0:.*]] = tosa.conv2d %[[XQ]]
// SKIP1-NEXT: %[[C1:.*]] = tosa.conv2d %[[C0]], %{{[0-9]+}},
// SKIP1: tosa.matmul

// NONE-NOT: autoquant.simulated_quantize

// NBIT-DAG: kind = input nbit = 4
// NBIT-DAG: kind = weight nbit = 6
// NBIT-NOT: nbit = 8

// DEBUG-COUNT-2: autoquant.simulated_quantize
// DEBUG-NOT: autoquant.simulated_quantize
// DEBUG: tosa.matmul

// SKIPLOCS: %[[XQ:.*]] = autoquant.simulated_quantize %arg0 kind = input
// SKIPLOCS: tosa.conv2d %[[XQ]]
// SKIPLOCS-NEXT: %[[C1:.*]] = tosa.conv2d %{{[0-9]+}}, %{{[0-9]+}},
// SKIPLOCS-NEXT: tosa.const_shape
// SKIPLOCS-NEXT: tosa.reshape %[[C1]]

// ONLYLOCS-COUNT-3: autoquant.simulated_quantize
// ONLYLOCS: tosa.matmul %{{[0-9]+}}, %{{[0-9]+}},
func.func @net(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x3xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32> loc("w")
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv0")
  %c1 = tosa.conv2d %c0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv1")
  %s = tosa.const_shape {values = dense<[1, 1, 32]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %f = tosa.reshape %c1, %s : (tensor<1x4x4x2xf32>, !tosa.shape<3>) -> tensor<1x1x32xf32> loc("flatten")
  %fw = "tosa.const"() <{values = dense<0.25> : tensor<1x32x3xf32>}> : () -> tensor<1x32x3xf32> loc("fc.weight")
  %y = tosa.matmul %f, %fw, %zp, %zp : (tensor<1x1x32xf32>, tensor<1x32x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3xf32> loc("fc")
  return %y : tensor<1x1x3xf32>
}
