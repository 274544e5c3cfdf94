// Realize refuses what it cannot do exactly, with one error at the op.
// RUN: quant-opt %s --split-input-file --verify-diagnostics --autoquant-realize

func.func @uncalibrated(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{cannot realize an uncalibrated simulated_quantize (run --autoquant-calibrate first)}}
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %xq : tensor<4xf32>
}

// -----

// Per-axis scales are for weights, which are quantized at compile time.
func.func @per_axis(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{per-axis parameters need a constant input (weights are quantized at compile time)}}
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [0.5, 0.25], clip = [-127, 127]> : tensor<2xf32>
  return %xq : tensor<2xf32>
}

// -----

func.func @per_axis_computed(%x: tensor<2xf32>) -> tensor<2xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<2xf32>
  // expected-error @+1 {{per-axis parameters on a computed value: only weights (constants) are quantized per channel}}
  %yq = autoquant.simulated_quantize %xq kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [0.5, 0.25], clip = [-127, 127]> : tensor<2xf32>
  return %yq : tensor<2xf32>
}

// -----

// The weight's scales run along the input channels of an OHWI conv weight.
func.func @per_axis_wrong_axis(%x: tensor<1x1x1x2xf32>) -> tensor<1x1x1x1xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5, 0.25]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x1x1x2xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 3, scale = [0.5, 0.25], clip = [-127, 127]> : tensor<1x1x1x2xf32>
  // expected-error @+1 {{per-channel weight scales along axis 3; this op's output channels are along axis 0}}
  %y = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  return %y : tensor<1x1x1x1xf32>
}

// -----

// Unsigned codes are stored signed with a zero point; int32 has no room.
func.func @unsigned_wide(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{realize stores unsigned codes of up to 16 bits (as signed with a zero point), got 32}}
  %xq = autoquant.simulated_quantize %x kind = input nbit = 32 sign = false rounding = half_away_from_zero params = <scale = 0.5, clip = [0, 4294967295]> : tensor<2xf32>
  return %xq : tensor<2xf32>
}

// -----

// A scale ratio of 2^30 has no 32-bit multiplier and shift (shift < 2).
func.func @ratio_too_large(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-127, 127]> : tensor<4xf32>
  // expected-error @+1 {{cannot requantize from scale 1.000000e+00 to 9.313226e-10: requantization ratio 1.07374182e+09 is too large for a 32-bit fixed-point multiplier}}
  %yq = autoquant.simulated_quantize %xq kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 9.3132257461547852E-10, clip = [-127, 127]> : tensor<4xf32>
  return %yq : tensor<4xf32>
}

// -----

// A bias of 2^40 at accumulator scale 0.25 does not fit int32.
func.func @bias_overflow(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x1x1x1xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<1.099511627776E+12> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{cannot realize the bias}}
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  return %c : tensor<1x1x1x1xf32>
}

// -----

// 140000 products of up to 128 (a computed int8 input) x 127 (the largest
// weight code) exceed int32: 2275840000 > 2^31 - 1.
func.func @accumulator_overflow(%x: tensor<1x1x140000xf32>) -> tensor<1x1x1xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x1x140000xf32>
  %w = "tosa.const"() <{values = dense<63.5> : tensor<1x140000x1xf32>}> : () -> tensor<1x140000x1xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.5, clip = [-127, 127]> : tensor<1x140000x1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{the int32 accumulator can overflow: 140000 products of up to 128 x 127 reach 2275840000}}
  %m = tosa.matmul %xq, %wq, %zp, %zp : (tensor<1x1x140000xf32>, tensor<1x140000x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1xf32>
  return %m : tensor<1x1x1xf32>
}

// -----

func.func @per_axis_unsigned() -> tensor<2xf32> {
  %w = "tosa.const"() <{values = dense<[0.5, 0.25]> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-error @+1 {{realize does not handle per-axis unsigned codes}}
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = false rounding = half_away_from_zero params = <axis = 0, scale = [0.5, 0.25], clip = [0, 255]> : tensor<2xf32>
  return %wq : tensor<2xf32>
}

// -----

// TOSA's int16 convolutions take no data zero point.
func.func @int16_zero_point(%x: tensor<1x1x1x2xf32>) -> tensor<1x1x1x1xf32> {
  %xq = autoquant.simulated_quantize %x kind = input nbit = 16 sign = true rounding = half_away_from_zero params = <scale = 0.0009765625, zero_point = 5, clip = [-32768, 32767]> : tensor<1x1x1x2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 0.015625, clip = [-127, 127]> : tensor<1x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{int16 data needs zero points of 0 on both operands (TOSA's int16 extension), got 5 and 0}}
  %c = tosa.conv2d %xq, %wq, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %cq = autoquant.simulated_quantize %c kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-127, 127]> : tensor<1x1x1x1xf32>
  return %cq : tensor<1x1x1x1xf32>
}
