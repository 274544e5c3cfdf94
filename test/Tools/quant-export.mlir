// quant-export on a realized conv + relu6 + requantization (per-channel
// weights, unsigned input, fully integral): the JSON graph with the derived
// hardware parameters, and the C header, which must compile as C99.
// RUN: quant-opt %s --autoquant-realize="fully-integral" --mlir-print-debuginfo -o %t.mlir
// RUN: quant-export %t.mlir | FileCheck %s
// RUN: quant-export %t.mlir | FileCheck %s --strict-whitespace --check-prefix=OUT
// RUN: quant-export %t.mlir --format c-header --prefix tiny -o %t.h
// RUN: FileCheck %s --check-prefix=HEADER < %t.h
// RUN: %cc -std=c99 -Wall -Wextra -Werror -fsyntax-only -x c %t.h
// Errors: unrealized input, unknown format, a prefix that is no identifier.
// RUN: not quant-export %s 2>&1 | FileCheck %s --check-prefix=UNREALIZED
// RUN: not quant-export %t.mlir --format xml 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not quant-export %t.mlir --format c-header --prefix 9lives 2>&1 | FileCheck %s --check-prefix=PREFIX

// UNREALIZED: error: quant-export reads realized models; run --autoquant-realize first
// FORMAT: quant-export: error: unknown --format 'xml' (expected json or c-header)
// PREFIX: quant-export: error: the prefix '9lives' is not a C identifier

// The argument: int8 with zero point -128 (unsigned codes), scale 0.5.
// CHECK: "format": "autoquant-model"
// CHECK: "function": "conv"
// CHECK: "inputs": [
// CHECK-NEXT: {
// CHECK-NEXT: "dtype": "int8",
// CHECK-NEXT: "scale": 0.5,
// CHECK-NEXT: "tensor": 0,
// CHECK-NEXT: "zero_point": -128
// The conv layer and its parameters: accumulator scales S_in * S_w[o],
// weight sums per output channel (127 - 64, 127 + 127, -127 + 64), the
// correction -z_in * sum, the relu6 bounds and the per-channel rescale.
// CHECK: "attributes": {
// CHECK: "name": "conv1",
// CHECK-NEXT: "op": "conv2d",
// CHECK: "quantization": {
// CHECK-NEXT: "accumulator_scales": [
// CHECK-NEXT: 0.00390625,
// CHECK-NEXT: 0.00048828125,
// CHECK-NEXT: 0.0078125
// CHECK: "activation_clamp": {
// CHECK-NEXT: "max": [
// CHECK-NEXT: 1536,
// CHECK-NEXT: 12288,
// CHECK-NEXT: 768
// CHECK: "min": [
// CHECK-NEXT: 0,
// CHECK-NEXT: 0,
// CHECK-NEXT: 0
// CHECK: "input_scale": [
// CHECK-NEXT: 0.5
// CHECK: "input_zero_point": -128,
// CHECK-NEXT: "requantize": {
// CHECK-NEXT: "layer": 3,
// CHECK-NEXT: "multiplier": [
// CHECK-NEXT: 1073741824,
// CHECK: "output_scale": [
// CHECK-NEXT: 0.03125
// CHECK: "output_zero_point": -128,
// CHECK-NEXT: "rounding_mode": "SINGLE_ROUND",
// CHECK-NEXT: "shift": [
// CHECK-NEXT: 33,
// CHECK-NEXT: 36,
// CHECK-NEXT: 32
// CHECK: "weight_layout": "OHWI",
// CHECK-NEXT: "weight_scales": [
// CHECK-NEXT: 0.0078125,
// CHECK-NEXT: 0.0009765625,
// CHECK-NEXT: 0.015625
// CHECK: "weight_sum": [
// CHECK-NEXT: 63,
// CHECK-NEXT: 254,
// CHECK-NEXT: -63
// CHECK: "weight_zero_point": 0,
// CHECK-NEXT: "zero_point_correction": [
// CHECK-NEXT: 8064,
// CHECK-NEXT: 32512,
// CHECK-NEXT: -8064
// The output: int8, zero point -128, scale 2^-5.
// OUT: {{^}} "outputs": [
// OUT-NEXT: {{^}}  {
// OUT-NEXT: {{^}}   "dtype": "int8",
// OUT-NEXT: {{^}}   "scale": 0.03125,
// OUT-NEXT: {{^}}   "tensor": {{[0-9]+}},
// OUT-NEXT: {{^}}   "zero_point": -128

// HEADER: #ifndef TINY_H
// HEADER: typedef struct {
// HEADER: } aq_accumulating_layer;
// HEADER: static const int8_t tiny_t{{[0-9]+}}_data[6] = {
// HEADER-NEXT: 127, -64, 127, 127, -127, 64
// HEADER: static const aq_layer tiny_layers[
// HEADER: {0, "conv1", "conv2d", 5, tiny_l0_inputs,
// HEADER: #define TINY_NUM_ACCUMULATING_LAYERS 1
// HEADER: static const aq_accumulating_layer tiny_accumulating_layers[1] = {
// HEADER-NEXT: {0, "conv1", "conv2d", "OHWI", 0, {{[0-9]+}}, {{[0-9]+}}, {{[0-9]+}}, 3, 0.5, -128, 0, 3, tiny_l0_weight_scales, 3, tiny_l0_accumulator_scales, tiny_l0_weight_sum, tiny_l0_zero_point_correction, 3, tiny_l0_clamp_min, tiny_l0_clamp_max, 3, 3, tiny_l0_multiplier, tiny_l0_shift, "SINGLE_ROUND", 0.03125, -128},
// HEADER: static const aq_io tiny_inputs[1] = {
// HEADER-NEXT: {0, 0, 0.5, -128},
func.func @conv(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x3xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = 0.5, clip = [0, 255]> : tensor<1x2x2x2xf32>
  %w = "tosa.const"() <{values = dense<[[[[1.0, -0.5]]], [[[0.25, 0.125]]], [[[-2.0, 1.0]]]]> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [0.0078125, 0.0009765625, 0.015625], clip = [-127, 127]> : tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -0.25, 1.0]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x3xf32> loc("conv1")
  %r = tosa.clamp %c {max_val = 6.0 : f32, min_val = 0.0 : f32} : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> loc("relu6")
  %rq = autoquant.simulated_quantize %r kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = 0.03125, clip = [0, 255]> : tensor<1x2x2x3xf32>
  return %rq : tensor<1x2x2x3xf32>
}
