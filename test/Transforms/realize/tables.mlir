// sigmoid, tanh and erf on int8 codes realize as tosa.table with 256 int8
// entries (entry i for input code i - 128, docs/Numerics.md "Lookup
// tables") and a fixed output quantization: sigmoid 1/256 with zero point
// -128, tanh and erf 1/128. Other inputs (int16 points) leave the op float.
// RUN: quant-opt %s --split-input-file --autoquant-realize | FileCheck %s
// RUN: quant-opt %s --split-input-file --autoquant-realize | quant-opt --split-input-file --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null

// Input scale 1/16: entry 0 (code -128, x = -8) is -128, entry 128 (x = 0)
// is 0, entry 144 (x = 1: round(256 sigmoid(1)) - 128 = 59) is 0x3B, entry
// 255 saturates at 127.
// CHECK-LABEL: func.func @sigmoid
// CHECK: %[[T:.*]] = "tosa.const"() <{values = dense<"0x80{{(([0-9A-F]{2}){127})}}00{{(([0-9A-F]{2}){15})}}3B{{(([0-9A-F]{2}){110})}}7F"> : tensor<256xi8>}>
// CHECK: tosa.table %{{.*}}, %[[T]] {autoquant.scale = array<f64: 3.906250e-03>, autoquant.zero_point = -128 : i64} : (tensor<1x4xi8>, tensor<256xi8>) -> tensor<1x4xi8>
func.func @sigmoid(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.0625, clip = [-127, 127]> : tensor<1x4xf32>
  %s = tosa.sigmoid %xq : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %s : tensor<1x4xf32>
}

// -----

// Input scale 1/32: code 32 (x = 1, entry 160) is round(128 tanh(1)) = 97 =
// 0x61, code -32 (entry 96) is -97 = 0x9F.
// CHECK-LABEL: func.func @tanh
// CHECK: %[[T:.*]] = "tosa.const"() <{values = dense<"0x{{(([0-9A-F]{2}){96})}}9F{{(([0-9A-F]{2}){31})}}00{{(([0-9A-F]{2}){31})}}61{{(([0-9A-F]{2}){95})}}"> : tensor<256xi8>}>
// CHECK: tosa.table %{{.*}}, %[[T]] {autoquant.scale = array<f64: 7.812500e-03>} : (tensor<1x4xi8>, tensor<256xi8>) -> tensor<1x4xi8>
func.func @tanh(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.03125, clip = [-127, 127]> : tensor<1x4xf32>
  %s = tosa.tanh %xq : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %s : tensor<1x4xf32>
}

// -----

// Unsigned codes (stored with zero point -128): entry 0 is x = 0.
// CHECK-LABEL: func.func @erf_unsigned
// CHECK: %[[T:.*]] = "tosa.const"() <{values = dense<"0x00{{(([0-9A-F]{2}){255})}}"> : tensor<256xi8>}>
// CHECK: tosa.table %{{.*}}, %[[T]] {autoquant.scale = array<f64: 7.812500e-03>} : (tensor<4xi8>, tensor<256xi8>) -> tensor<4xi8>
func.func @erf_unsigned(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = 0.02, clip = [0, 255]> : tensor<4xf32>
  %s = tosa.erf %xq : (tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

// A 16-bit point: no int16 table is built, the sigmoid reads the
// dequantized value and stays float.
// CHECK-LABEL: func.func @sigmoid_int16
// CHECK-NOT: tosa.table
// CHECK: tosa.sigmoid %{{.*}} : (tensor<4xf32>) -> tensor<4xf32>
func.func @sigmoid_int16(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 16 sign = true rounding = half_away_from_zero params = <scale = 0.001, clip = [-32767, 32767]> : tensor<4xf32>
  %s = tosa.sigmoid %xq : (tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}
