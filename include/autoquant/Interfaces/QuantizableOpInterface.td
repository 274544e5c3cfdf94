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
  let cppNamespace = "::mlir::autoquant";
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
      "::mlir::autoquant::LayerClass", "getLayerClass", (ins), "",
      /*defaultImplementation=*/[{
        return ::mlir::autoquant::LayerClass::other;
      }]>,
    InterfaceMethod<[{
        The annotate rule for the given operand domains (TVM's rewrite).
      }],
      "::mlir::autoquant::AnnotateRule", "getAnnotateRule",
      (ins "const ::mlir::autoquant::AnnotateQuery &":$query)>
  ];
}

#endif // AUTOQUANT_INTERFACES_QUANTIZABLEOPINTERFACE_TD
