// The rounding option picks the requantization rounding: upward (TVM's
// UPWARD = TOSA SINGLE_ROUND, the default), double (TOSA DOUBLE_ROUND) and
// tonearest (ties away from zero: sign(v) * rescale(|v|)).
// RUN: quant-opt %s --autoquant-realize | FileCheck %s --check-prefix=UPWARD
// RUN: quant-opt %s --autoquant-realize="rounding=double" | FileCheck %s --check-prefix=DOUBLE
// RUN: quant-opt %s --autoquant-realize="rounding=tonearest" | FileCheck %s --check-prefix=NEAREST
// RUN: quant-opt %s --autoquant-realize="rounding=tonearest" | quant-opt --tosa-attach-target="profiles=pro_int,pro_fp" --tosa-validate="strict-op-spec-alignment" -o /dev/null
// RUN: not quant-opt %s --autoquant-realize="rounding=even" 2>&1 | FileCheck %s --check-prefix=BAD

// UPWARD: tosa.rescale {{.*}}rounding_mode = SINGLE_ROUND
// DOUBLE: tosa.rescale {{.*}}rounding_mode = DOUBLE_ROUND
// NEAREST: %[[V:.*]] = tosa.cast %{{.*}} : (tensor<4xi8>) -> tensor<4xi32>
// NEAREST: %[[NEG:.*]] = tosa.negate %[[V]]
// NEAREST: %[[POS:.*]] = tosa.rescale %[[V]], {{.*}}rounding_mode = SINGLE_ROUND
// NEAREST: %[[MAG:.*]] = tosa.rescale %[[NEG]], {{.*}}rounding_mode = SINGLE_ROUND
// NEAREST: %[[NEGOUT:.*]] = tosa.negate %[[MAG]]
// NEAREST: %[[ISNEG:.*]] = tosa.greater %{{.*}}, %[[V]]
// NEAREST: tosa.select %[[ISNEG]], %[[NEGOUT]], %[[POS]]
// BAD: for the --rounding option: unknown value 'even' (expected upward, tonearest, double)
func.func @requant(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.25, clip = [-127, 127]> : tensor<4xf32>
  %r = tosa.clamp %xq {max_val = 3.40282347E+38 : f32, min_val = -3.40282347E+38 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %rq = autoquant.simulated_quantize %r kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<4xf32>
  return %rq : tensor<4xf32>
}
