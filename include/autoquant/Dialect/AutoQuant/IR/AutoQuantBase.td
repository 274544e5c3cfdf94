//===- AutoQuantBase.td - AutoQuant dialect and enums ------*- tablegen -*-===//
//
// The `autoquant` dialect and the enumerations its operations use.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTBASE_TD
#define AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def AutoQuant_Dialect : Dialect {
  let name = "autoquant";
  let cppNamespace = "::autoquant";
  let summary = "Simulated quantization for TVM-style automatic quantization";
  let description = [{
    The `autoquant` dialect marks the points of a float model where values are
    quantized. Its single user-facing operation, `autoquant.simulated_quantize`,
    computes in float what an integer implementation would compute
    (divide by the scale, clip, round, multiply back), so a model annotated
    with it still runs in float and shows the quantization error.

    The AutoQuant passes use it as their common currency:

    * `--autoquant-annotate` inserts uncalibrated ops (no `params`);
    * `--autoquant-calibrate` fills `params` (scale, clip bounds, zero point);
    * `--autoquant-realize` lowers the calibrated ops to integer TOSA.

    ```mlir
    func.func @layer_output(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
      %q = autoquant.simulated_quantize %x kind = activation nbit = 8
             sign = true rounding = half_away_from_zero
             params = <scale = 0.03125, clip = [-127, 127]> : tensor<1x16xf32>
      return %q : tensor<1x16xf32>
    }
    ```
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    /// Discardable attributes the passes write for tools and exporters:
    /// the scale(s), per-channel axis and zero point of an integer constant
    /// or of a function argument / result (realize, fully-integral), and the
    /// point name of a result added by autoquant-expose-points.
    static constexpr ::llvm::StringLiteral kScaleAttrName = "autoquant.scale";
    static constexpr ::llvm::StringLiteral kAxisAttrName = "autoquant.axis";
    static constexpr ::llvm::StringLiteral kZeroPointAttrName =
        "autoquant.zero_point";
    static constexpr ::llvm::StringLiteral kPointAttrName = "autoquant.point";
  }];
}

def AutoQuant_QuantKind : I32EnumAttr<"QuantKind",
    "role of a quantized value (TVM's QAnnotateKind)", [
      I32EnumAttrCase<"identity", 0>,
      I32EnumAttrCase<"input", 1>,
      I32EnumAttrCase<"weight", 2>,
      I32EnumAttrCase<"activation", 3>
    ]> {
  let cppNamespace = "::autoquant";
  let description = [{
    `identity` (no quantization, TVM's IDENTITY), `input` (the data operand of
    a conv or dense layer), `weight` (a constant operand) and `activation` (the
    result of a layer, usually a wide accumulator). The numbers are TVM's.
  }];
}

def AutoQuant_Rounding : I32EnumAttr<"Rounding",
    "how a scaled value is rounded to an integer", [
      I32EnumAttrCase<"half_away_from_zero", 0>,
      I32EnumAttrCase<"half_to_even", 1>
    ]> {
  let cppNamespace = "::autoquant";
  let description = [{
    `half_away_from_zero` is TVM's `round` (ties move away from zero:
    2.5 -> 3, -2.5 -> -3); `half_to_even` is IEEE round-to-nearest-even
    (2.5 -> 2, 3.5 -> 4), the rounding of most float-to-int hardware paths.
  }];
}

#endif // AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTBASE_TD
