//===- QuantizableOpInterface.td - Per-op quantization rules -*- tablegen -*-===//
//
// The interface through which the AutoQuant passes learn how an op is
// quantized. Models are attached to upstream ops (TOSA today) from outside,
// so adding an op or a dialect means adding a model, not editing a pass.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_INTERFACES_QUANTIZABLEOPINTERFACE_TD
#define AUTOQUANT_INTERFACES_QUANTIZABLEOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def QuantizableOpInterface : OpInterface<"QuantizableOpInterface"> {
  let cppNamespace = "::autoquant";
  let description = [{
    An op's quantization rule. `getAnnotateRule` receives the quantization
    domain of each operand (float, input, weight or activation, as TVM's
    QAnnotateExpr kinds) and whether each operand is a constant, and answers
    which operands get a `simulated_quantize` of which kind and which domain
    the result is in. `getLayerClass` tells the skip options whether the op
    counts as a conv or a dense layer.
  }];
  let methods = [
    InterfaceMethod<[{
        Whether this op is a conv layer (counted by skip-conv-layers), a dense
        layer (governed by skip-dense-layer) or neither.
      }],
      "::autoquant::LayerClass", "getLayerClass", (ins), "",
      /*defaultImplementation=*/[{
        return ::autoquant::LayerClass::other;
      }]>,
    InterfaceMethod<[{
        The annotate rule for the given operand domains (TVM's rewrite).
      }],
      "::autoquant::AnnotateRule", "getAnnotateRule",
      (ins "const ::autoquant::AnnotateQuery &":$query)>,
    InterfaceMethod<[{
        For a weight operand: the axis of the operand's type whose index
        selects the output channel a weight contributes to (per-channel
        weight scales are computed along it), or -1 when the operand has no
        such axis.
      }],
      "int64_t", "getWeightChannelAxis", (ins "unsigned":$operandIndex), "",
      /*defaultImplementation=*/[{ return -1; }]>,
    InterfaceMethod<[{
        For a weight operand: the axis of the operand's type whose index
        selects the input channel (last axis of the data operand) the weight
        reads, or -1. Cross-layer equalization scales a consumer's weights
        along it.
      }],
      "int64_t", "getWeightInputChannelAxis", (ins "unsigned":$operandIndex),
      "", /*defaultImplementation=*/[{ return -1; }]>,
    InterfaceMethod<[{
        For a weight operand: how each output of the op is the dot product
        of one row of the weight with one patch of the data operand (error-
        compensating weight rounding and bias correction collect the
        patches), or std::nullopt when the op's outputs are not such dot
        products or its shapes are not static.
      }],
      "std::optional<::autoquant::calib::PatchGeometry>", "getWeightPatches",
      (ins "unsigned":$operandIndex), "",
      /*defaultImplementation=*/[{ return std::nullopt; }]>,
    InterfaceMethod<[{
        The operand holding the bias added per output channel (along the
        result's last axis), or -1.
      }],
      "int64_t", "getBiasOperandIndex", (ins), "",
      /*defaultImplementation=*/[{ return -1; }]>,
    InterfaceMethod<[{
        Whether op(x * s) == op(x) * s for every positive factor s per channel
        (the last axis of operand 0 and of the result), as for relu, max and
        average pooling and zero padding: cross-layer equalization may carry
        channel scales through the op.
      }],
      "bool", "commutesWithChannelScaling", (ins), "",
      /*defaultImplementation=*/[{ return false; }]>,
    InterfaceMethod<[{
        Whether `realize` handles a per-channel realized value (scales along
        one axis) at this operand. Realize converts other per-channel
        operands to one scale first (int32 along the last axis) or
        dequantizes them.
      }],
      "bool", "acceptsPerChannelOperand", (ins "unsigned":$operandIndex), "",
      /*defaultImplementation=*/[{ return false; }]>,
    InterfaceMethod<[{
        The integer form of this op (realize). `operands` holds, for each
        operand, its realized value: an integer tensor with its scale and zero
        point, or the float value. The model builds the integer ops at the
        builder's insertion point (before this op) and appends one realized
        value per result to `results`; it leaves `results` empty when the op
        stays float (its quantized operands are then dequantized), and fails
        after emitting an error when the op cannot be realized correctly
        (e.g. a bias that overflows int32).
      }],
      "::llvm::LogicalResult", "realize",
      (ins "::mlir::OpBuilder &":$builder,
           "::llvm::ArrayRef<::autoquant::RealizedValue>":$operands,
           "const ::autoquant::RealizeOptions &":$options,
           "::llvm::SmallVectorImpl<::autoquant::RealizedValue> &":$results),
      "", /*defaultImplementation=*/[{ return ::mlir::success(); }]>
  ];
}

#endif // AUTOQUANT_INTERFACES_QUANTIZABLEOPINTERFACE_TD
