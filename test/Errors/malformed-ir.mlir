// Malformed or unverifiable IR: one error with its location, exit code 1,
// whichever AutoQuant pass was asked for.
// RUN: not quant-opt %s --split-input-file --autoquant-annotate 2>&1 | FileCheck %s
// RUN: not quant-opt %s --split-input-file --autoquant="preset=tvm" 2>&1 | FileCheck %s

// CHECK: malformed-ir.mlir:8:32: error: expected attribute value
func.func @syntax(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = tosa.clamp %x {max_val = , min_val = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// CHECK: malformed-ir.mlir:16:8: error: 'tosa.add' op requires the same element type for all operands and results
func.func @types(%x: tensor<4xf32>, %y: tensor<4xi32>) -> tensor<4xf32> {
  %s = tosa.add %x, %y : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}
