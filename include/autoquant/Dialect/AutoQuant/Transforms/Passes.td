//===- Passes.td - AutoQuant passes ------------------------*- tablegen -*-===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_TD
#define AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def AutoQuantAnnotate : Pass<"autoquant-annotate", "::mlir::ModuleOp"> {
  let summary = "Insert uncalibrated simulated_quantize ops by TVM's rules";
  let description = [{
    Walks every function in program order and asks each op's
    QuantizableOpInterface model which operands to quantize and which
    domain (input, weight, activation) its result is in, reproducing TVM's
    `relay.quantize` annotation. A value with several users is quantized once
    (as input); a constant used twice gets one weight op. Ops without a model
    stay float with a remark. Running the pass twice changes nothing.

    Before:
    ```mlir
    func.func @dense(%x: tensor<1x2x16xf32>) -> tensor<1x2x8xf32> {
      %w = "tosa.const"() <{values = dense<0.5> : tensor<1x16x8xf32>}> : () -> tensor<1x16x8xf32>
      %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
      %y = tosa.matmul %x, %w, %zp, %zp : (tensor<1x2x16xf32>, tensor<1x16x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x8xf32>
      return %y : tensor<1x2x8xf32>
    }
    ```
    After `--autoquant-annotate="skip-dense-layer=false"`:
    ```mlir
    func.func @dense(%x: tensor<1x2x16xf32>) -> tensor<1x2x8xf32> {
      %xq = autoquant.simulated_quantize %x kind = input nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x2x16xf32>
      %w = "tosa.const"() <{values = dense<0.5> : tensor<1x16x8xf32>}> : () -> tensor<1x16x8xf32>
      %wq = autoquant.simulated_quantize %w kind = weight nbit = 8 sign = true rounding = half_away_from_zero : tensor<1x16x8xf32>
      %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
      %y = tosa.matmul %xq, %wq, %zp, %zp : (tensor<1x2x16xf32>, tensor<1x16x8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x8xf32>
      return %y : tensor<1x2x8xf32>
    }
    ```
    The rule of every op is in docs/Annotate.md.
    The defaults equal TVM's qconfig, which leaves the first conv and every
    dense layer float; `skip-conv-layers= skip-dense-layer=false` quantizes
    every layer.
  }];
  let dependentDialects = ["::mlir::autoquant::AutoQuantDialect"];
  let options = [
    Option<"nbitInput", "nbit-input", "unsigned", /*default=*/"8",
           "Bits of input-kind quantization points (1-32)">,
    Option<"nbitWeight", "nbit-weight", "unsigned", /*default=*/"8",
           "Bits of weight-kind quantization points (1-32)">,
    Option<"nbitActivation", "nbit-activation", "unsigned", /*default=*/"32",
           "Bits of activation-kind quantization points (1-32)">,
    Option<"skipConvLayers", "skip-conv-layers", "std::string",
           /*default=*/"\"0\"",
           "Comma-separated 0-based indices, in program order per function, "
           "of conv layers (conv2d, depthwise_conv2d, transpose_conv2d) left "
           "float; empty = none (TVM's default: 0)">,
    Option<"skipDenseLayer", "skip-dense-layer", "bool", /*default=*/"true",
           "Leave every dense layer (matmul with a constant operand) float "
           "(TVM's default: true)">,
    ListOption<"debugEnabledOps", "debug-enabled-ops", "std::string",
           "Only ops with these names (e.g. tosa.conv2d) are annotated">,
    ListOption<"skipLocs", "skip-locs", "std::string",
           "Ops whose location name matches one of these glob patterns stay "
           "float">,
    ListOption<"onlyLocs", "only-locs", "std::string",
           "Only ops whose location name matches one of these glob patterns "
           "are annotated">,
    Option<"stopAtGlobalPool", "stop-at-global-pool", "bool",
           /*default=*/"true",
           "A global average pool ends the quantized region: its result and "
           "everything computed from it stay float (TVM's behaviour)">
  ];
}

#endif // AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_PASSES_TD
