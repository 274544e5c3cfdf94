// round-for-shift (TVM's round_for_shift): a requantization by an exact power
// of two, here 0.25 / 1.0 = 2^-2, is a rounding rescale (true, the default:
// multiplier 2^30, shift 32) or a truncating shift, floor(x / 4) (false:
// tosa.arithmetic_right_shift with round = false, then saturation to int8).
// Ratios that are not powers of two, and left shifts, are unaffected.
// RUN: quant-opt %s --autoquant-realize | FileCheck %s --check-prefix=ROUND
// RUN: quant-opt %s --autoquant-realize="round-for-shift=false" | FileCheck %s --check-prefix=FLOOR
// RUN: quant-opt %s --autoquant-realize="round-for-shift=false" | quant-opt --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null

// ROUND-LABEL: func.func @shift
// ROUND: %[[S:.*]] = "tosa.const"() <{values = dense<32> : tensor<1xi8>}>
// ROUND: tosa.rescale %{{.*}}, %{{.*}}, %[[S]]
// ROUND-NOT: tosa.arithmetic_right_shift
// ROUND-LABEL: func.func @not_a_power_of_two

// FLOOR-LABEL: func.func @shift
// FLOOR: %[[X:.*]] = tosa.cast %{{.*}} : (tensor<4xf32>) -> tensor<4xi8>
// FLOOR: %[[X32:.*]] = tosa.cast %[[X]] : (tensor<4xi8>) -> tensor<4xi32>
// FLOOR: %[[TWO:.*]] = "tosa.const"() <{values = dense<2> : tensor<1xi32>}>
// FLOOR: %[[Q:.*]] = tosa.arithmetic_right_shift %[[X32]], %[[TWO]] {round = false}
// FLOOR: %[[LO:.*]] = tosa.maximum %[[Q]], %{{.*}} : (tensor<4xi32>, tensor<1xi32>)
// FLOOR: %[[HI:.*]] = tosa.minimum %[[LO]], %{{.*}} : (tensor<4xi32>, tensor<1xi32>)
// FLOOR: tosa.cast %[[HI]] {autoquant.scale = array<f64: 1.000000e+00>} : (tensor<4xi32>) -> tensor<4xi8>
// FLOOR-NOT: tosa.rescale
// FLOOR-LABEL: func.func @not_a_power_of_two
// FLOOR: tosa.rescale
// FLOOR-NOT: tosa.arithmetic_right_shift
func.func @shift(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<4xf32>
  %yq = autoquant.simulated_quantize %xq kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-127, 127]> : tensor<4xf32>
  return %yq : tensor<4xf32>
}

func.func @not_a_power_of_two(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<4xf32>
  %yq = autoquant.simulated_quantize %xq kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.75, clip = [-127, 127]> : tensor<4xf32>
  return %yq : tensor<4xf32>
}
