// fully-integral: quantized arguments and results become the integer tensors
// themselves, with their scale and zero point as attributes; the result is
// integer only (verify-integer passes) and valid for the pro_int profile
// alone.
// RUN: quant-opt %autoquant_src_root/examples/tiny_cnn/model.mlir --autoquant-annotate="skip-conv-layers= skip-dense-layer=false" --autoquant-calibrate --autoquant-realize="fully-integral" -o %t.mlir
// RUN: FileCheck %s --input-file=%t.mlir
// RUN: quant-opt %t.mlir --autoquant-verify-integer -o /dev/null
// RUN: quant-opt %t.mlir --tosa-attach-target="profiles=pro_int" --tosa-validate="strict-op-spec-alignment" -o /dev/null
// RUN: not quant-opt %s --autoquant-realize="fully-integral" 2>&1 | FileCheck %s --check-prefix=SHARED

// CHECK: func.func @tiny_cnn(%[[X:.*]]: tensor<1x8x8x1xi8> {autoquant.scale = 6.250000e-02 : f64, autoquant.zero_point = 0 : i64}) -> (tensor<1x10xi32> {autoquant.scale = {{.*}} : f64, autoquant.zero_point = 0 : i64})
// CHECK-NOT: f32
// CHECK: tosa.conv2d %[[X]],

// An argument also read as float cannot become an integer argument.
// SHARED: error: fully-integral: argument 0 has uses other than this quantization point
func.func @shared(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<4xf32>
  %s = tosa.sigmoid %x : (tensor<4xf32>) -> tensor<4xf32>
  return %xq, %s : tensor<4xf32>, tensor<4xf32>
}
