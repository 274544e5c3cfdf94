// Every verifier rule of autoquant.simulated_quantize and #autoquant.params,
// and the parse errors of the params syntax, each with its message.
// RUN: quant-opt %s -split-input-file -verify-diagnostics

func.func @nbit_zero(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'autoquant.simulated_quantize' op nbit must be in [1, 32], got 0}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 0 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @nbit_too_wide(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{nbit must be in [1, 32], got 33}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 33 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @nbit_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{nbit must be in [1, 32], got -8}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = -8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @identity_with_params(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{an identity op carries no params}}
  %0 = autoquant.simulated_quantize %x kind = identity nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-127, 127]> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_outside_signed(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{clip [-129, 127] lies outside the range of a signed 8-bit code [-128, 127]}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <scale = 1.0, clip = [-129, 127]> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_outside_unsigned(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{clip [-1, 15] lies outside the range of an unsigned 4-bit code [0, 15]}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 4 sign = false rounding = half_away_from_zero params = <scale = 1.0, clip = [-1, 15]> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_above_range(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{clip [0, 256] lies outside the range of an unsigned 8-bit code [0, 255]}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = 1.0, clip = [0, 256]> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @zero_point_outside_clip(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{zero_point 300 lies outside clip [0, 255]}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = false rounding = half_away_from_zero params = <scale = 1.0, zero_point = 300, clip = [0, 255]> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @per_axis_zero_point_outside_clip(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{zero_point -128 lies outside clip [-127, 127]}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [1.0, 1.0], zero_point = [0, -128], clip = [-127, 127]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @per_axis_unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{per-axis params need a ranked tensor}}
  %0 = autoquant.simulated_quantize %x kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 0, scale = [1.0, 1.0], clip = [-127, 127]> : tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis 2 is out of range for a tensor of rank 2}}
  %0 = autoquant.simulated_quantize %x kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 2, scale = [1.0, 1.0], clip = [-127, 127]> : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @per_axis_size_mismatch(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{expected 3 scales (the size of dimension 1), got 2}}
  %0 = autoquant.simulated_quantize %x kind = weight nbit = 8 sign = true rounding = half_away_from_zero params = <axis = 1, scale = [1.0, 1.0], clip = [-127, 127]> : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @not_a_float_tensor(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{operand #0 must be tensor of floating-point values, but got 'tensor<4xi8>'}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @result_type_differs(%x: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "autoquant.simulated_quantize"(%x) <{kind = 1 : i32, nbit = 8 : i32, rounding = 0 : i32, sign = true}> : (tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @missing_kind(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{requires attribute 'kind'}}
  %0 = "autoquant.simulated_quantize"(%x) <{nbit = 8 : i32, rounding = 0 : i32, sign = true}> : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unknown_kind_number(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Invalid attribute `kind` in property conversion: 7 : i32}}
  %0 = "autoquant.simulated_quantize"(%x) <{kind = 7 : i32, nbit = 8 : i32, rounding = 0 : i32, sign = true}> : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unknown_kind_keyword(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [identity, input, weight, activation]}}
  %0 = autoquant.simulated_quantize %x kind = bias nbit = 8 sign = true rounding = half_away_from_zero : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unknown_rounding(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'rounding' [half_away_from_zero, half_to_even]}}
  %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = floor : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @params_wrong_attribute(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Invalid attribute `params` in property conversion: 1.000000e+00 : f32}}
  %0 = "autoquant.simulated_quantize"(%x) <{kind = 1 : i32, nbit = 8 : i32, rounding = 0 : i32, sign = true, params = 1.0 : f32}> : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{scale must not be empty}}
func.func @empty_scale() attributes {p = #autoquant.params<axis = 0, scale = [], clip = [-127, 127]>}

// -----

// expected-error @+1 {{scale must be positive and finite, got 0.000000e+00 at index 0}}
func.func @zero_scale() attributes {p = #autoquant.params<scale = 0.0, clip = [-127, 127]>}

// -----

// expected-error @+1 {{scale must be positive and finite, got -2.500000e-01 at index 1}}
func.func @negative_scale() attributes {p = #autoquant.params<axis = 0, scale = [1.0, -0.25], clip = [-127, 127]>}

// -----

// expected-error @+1 {{scale must be positive and finite, got INF at index 0}}
func.func @infinite_scale() attributes {p = #autoquant.params<scale = 0x7FF0000000000000, clip = [-127, 127]>}

// -----

// expected-error @+1 {{scale must be positive and finite, got nan at index 0}}
func.func @nan_scale() attributes {p = #autoquant.params<scale = 0x7FF8000000000000, clip = [-127, 127]>}

// -----

// expected-error @+1 {{axis must be non-negative, got -1}}
func.func @negative_axis() attributes {p = #autoquant.params<axis = -1, scale = [1.0], clip = [-127, 127]>}

// -----

// expected-error @+1 {{a list of 2 scales needs an axis}}
func.func @list_without_axis() attributes {p = #autoquant.params<scale = [1.0, 2.0], clip = [-127, 127]>}

// -----

// expected-error @+1 {{expected 2 zero points (one per scale), got 3}}
func.func @zero_point_count() attributes {p = #autoquant.params<axis = 0, scale = [1.0, 2.0], zero_point = [0, 1, 2], clip = [-127, 127]>}

// -----

// expected-error @+1 {{clip_min (5) must not exceed clip_max (-5)}}
func.func @clip_reversed() attributes {p = #autoquant.params<scale = 1.0, clip = [5, -5]>}

// -----

// expected-error @+1 {{expected 'scale'}}
func.func @missing_scale() attributes {p = #autoquant.params<clip = [-127, 127]>}

// -----

// expected-error @+1 {{expected ', clip = [min, max]'}}
func.func @missing_clip() attributes {p = #autoquant.params<scale = 1.0>}

// -----

// expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note @+1 {{add a trailing dot to make the literal a float}}
func.func @integer_scale() attributes {p = #autoquant.params<scale = 1, clip = [-127, 127]>}

// -----

func.func @log2_nbit(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'autoquant.log2_quantize' op nbit must be in [2, 16], got 1}}
  %q = autoquant.log2_quantize %x nbit = 1 max_exponent = 0 : tensor<4xf32>
  return %q : tensor<4xf32>
}
