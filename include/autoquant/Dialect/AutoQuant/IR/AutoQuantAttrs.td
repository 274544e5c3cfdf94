//===- AutoQuantAttrs.td - AutoQuant attributes ------------*- tablegen -*-===//
//
// The calibrated parameters of a quantization point, as one attribute.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTATTRS_TD
#define AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTATTRS_TD

include "autoquant/Dialect/AutoQuant/IR/AutoQuantBase.td"

def AutoQuant_QuantParamsAttr : AttrDef<AutoQuant_Dialect, "QuantParams"> {
  let mnemonic = "params";
  let summary = "calibrated parameters of a simulated_quantize op";
  let description = [{
    The numbers that turn a float value into its integer code and back:
    `q = round(clip(x / scale + zero_point, clip_min, clip_max))` and
    `y = (q - zero_point) * scale`.

    * `scale` (TVM's `dom_scale`): one positive finite value for the whole
      tensor, or one per slice along `axis` (per-channel).
    * `axis`: the dimension indexed by the per-axis lists; `kPerTensor` (-1,
      not printed) when there is one scale for the whole tensor.
    * `zero_point`: omitted for symmetric schemes (all zero); otherwise one
      integer, or one per slice along `axis`.
    * `clip = [clip_min, clip_max]`: the integer code range; it must lie in the
      range that `nbit` and `sign` of the op allow.

    The parameters print, parse and verify as a unit:

    ```mlir
    #symmetric = #autoquant.params<scale = 0.0625, clip = [-127, 127]>
    #asymmetric = #autoquant.params<scale = 0.0235, zero_point = 12, clip = [0, 255]>
    #per_channel = #autoquant.params<axis = 0, scale = [0.5, 0.25, 0.125], clip = [-127, 127]>
    func.func private @uses() attributes {a = #symmetric, b = #asymmetric, c = #per_channel}
    ```

    Inside `autoquant.simulated_quantize` the dialect prefix is dropped:
    `params = <scale = 0.0625, clip = [-127, 127]>`.
  }];
  let parameters = (ins
    // A builtin array attribute: llvm::hash_value has no overload for double.
    "::mlir::DenseF64ArrayAttr":$scale,
    ArrayRefParameter<"int64_t", "zero points (empty when all zero)">:$zeroPoint,
    "int64_t":$clipMin,
    "int64_t":$clipMax,
    "int64_t":$axis
  );
  let builders = [
    // Per-axis (axis >= 0) or per-tensor (axis = kPerTensor) parameters.
    AttrBuilder<(ins "::llvm::ArrayRef<double>":$scales,
                     "::llvm::ArrayRef<int64_t>":$zeroPoints,
                     "int64_t":$clipMin, "int64_t":$clipMax, "int64_t":$axis)>,
    // Symmetric per-tensor parameters.
    AttrBuilder<(ins "double":$scale, "int64_t":$clipMin, "int64_t":$clipMax)>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let skipDefaultBuilders = 0;
  let extraClassDeclaration = [{
    /// The scales as plain numbers.
    ::llvm::ArrayRef<double> getScales() const {
      return getScale().asArrayRef();
    }
    /// The `axis` of per-tensor parameters.
    static constexpr int64_t kPerTensor = -1;
    /// True when there is one scale per slice along `axis`.
    bool isPerAxis() const { return getAxis() != kPerTensor; }
    /// True when any zero point is non-zero.
    bool isAsymmetric() const;
    /// Zero point of slice `i` (0 when none is stored).
    int64_t getZeroPointAt(size_t i) const;
  }];
}

#endif // AUTOQUANT_DIALECT_AUTOQUANT_IR_AUTOQUANTATTRS_TD
