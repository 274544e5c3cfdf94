//===- AutoQuantOps.td - AutoQuant operations --------------*- tablegen -*-===//
//
// Operations of the autoquant dialect.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTOPS_TD
#define AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTOPS_TD

include "autoquant/Dialect/AutoQuant/IR/AutoQuantAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

class AutoQuant_Op<string mnemonic, list<Trait> traits = []>
    : Op<AutoQuant_Dialect, mnemonic, traits>;

def AutoQuant_SimulatedQuantizeOp : AutoQuant_Op<"simulated_quantize",
    [Pure, SameOperandsAndResultType]> {
  let summary = "quantize and dequantize a float tensor (a quantization point)";
  let description = [{
    Marks a point where a value is quantized, and computes in float what the
    integer implementation computes, in TVM's order (divide, clip, round):

    ```
    q = round(clip(x / scale + zero_point, clip_min, clip_max))
    y = (q - zero_point) * scale
    ```

    `round` follows `rounding`. With a per-axis `params`, slice `i` along
    `axis` uses `scale[i]` and `zero_point[i]`.

    Attributes:

    * `kind`: the role of the value: `input` (data operand of a conv / dense
      layer), `weight` (a constant), `activation` (a layer result) or
      `identity` (not quantized; the op is then the identity).
    * `nbit` (1 to 32) and `sign`: the integer type of the codes:
      `[-2^(nbit-1), 2^(nbit-1) - 1]` when signed, `[0, 2^nbit - 1]` otherwise.
    * `rounding`: `half_away_from_zero` (TVM) or `half_to_even`.
    * `params`: absent until calibration; then the scale, clip bounds and
      zero point as one `#autoquant.params` attribute. An `identity` op
      carries none.

    The op is never folded away: the error it introduces is its purpose.

    Example, before and after calibration:

    ```mlir
    func.func @conv_operands(%x: tensor<1x8x8x3xf32>, %w: tensor<2x3x3x3xf32>)
        -> (tensor<1x8x8x3xf32>, tensor<2x3x3x3xf32>) {
      %0 = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true
             rounding = half_away_from_zero : tensor<1x8x8x3xf32>
      %1 = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true
             rounding = half_away_from_zero
             params = <axis = 0, scale = [0.5, 0.25], clip = [-127, 127]>
             : tensor<2x3x3x3xf32>
      return %0, %1 : tensor<1x8x8x3xf32>, tensor<2x3x3x3xf32>
    }
    ```
  }];

  let arguments = (ins
    TensorOf<[AnyFloat]>:$input,
    AutoQuant_QuantKind:$kind,
    I32Attr:$nbit,
    BoolAttr:$sign,
    AutoQuant_Rounding:$rounding,
    OptionalAttr<AutoQuant_QuantParamsAttr>:$params
  );
  let results = (outs TensorOf<[AnyFloat]>:$output);

  let assemblyFormat = [{
    $input `kind` `=` $kind `nbit` `=` $nbit `sign` `=` $sign
    `rounding` `=` $rounding (`params` `=` $params^)? attr-dict `:` type($output)
  }];

  let hasVerifier = 1;

  let extraClassDeclaration = [{
    /// True once calibration has filled in the parameters.
    bool isCalibrated() { return static_cast<bool>(getParamsAttr()); }
    /// The smallest and largest integer code that nbit and sign allow.
    std::pair<int64_t, int64_t> getCodeRange();
    /// The point's name: the first name in its location (annotate names
    /// points `<producer>/<kind>`), or "" when it has none.
    std::string getPointName();
  }];
}

def AutoQuant_Log2QuantizeOp : AutoQuant_Op<"log2_quantize",
    [Pure, SameOperandsAndResultType]> {
  let summary = "log2-quantize a float weight tensor (sign * 2^(k/16))";
  let description = [{
    The HiSilicon-style weight scheme: every weight becomes
    `sign * 2^(k/16)`, `k` an integer number of 1/16 octaves, with
    `2^(nbit-1) - 1` magnitude levels ending at `max_exponent` (`K`); smaller
    weights are flushed to zero (docs/Numerics.md, "log2 weights"). Produced
    by `--autoquant-calibrate="weight-scheme=log2"` in place of a weight
    point; `--autoquant-simulate` folds it into the represented values. TOSA
    has no integer form for these codes: `--autoquant-realize` leaves the op
    (with a remark) and its readers float, and `quant-export` writes the
    codes.

    ```mlir
    func.func @w() -> tensor<3xf32> {
      %w = "tosa.const"() <{values = dense<[0.5, -0.1, 0.001]> : tensor<3xf32>}> : () -> tensor<3xf32>
      %q = autoquant.log2_quantize %w nbit = 8 max_exponent = -16 : tensor<3xf32>
      return %q : tensor<3xf32>
    }
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32]>:$input, I32Attr:$nbit,
                       I64Attr:$max_exponent);
  let results = (outs RankedTensorOf<[F32]>:$result);
  let assemblyFormat = [{
    $input `nbit` `=` $nbit `max_exponent` `=` $max_exponent attr-dict `:`
    type($input)
  }];
  let hasVerifier = 1;
}

#endif // AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTOPS_TD
