//===- Passes.td - The JIT runner's codegen pass -----------*- tablegen -*-===//
//
// Declared with the runtime that uses it, so that users of the AutoQuant
// passes do not pull in vector, SCF and bufferization.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_RUNTIME_PASSES_TD
#define AUTOQUANT_RUNTIME_PASSES_TD

include "mlir/Pass/PassBase.td"

def AutoQuantCpuCodegen : Pass<"autoquant-cpu-codegen", "::mlir::func::FuncOp"> {
  let summary = "Tile and vectorize linalg for the host CPU (the JIT runner)";
  let description = [{
    The JIT runner's fast path, run on linalg-on-tensors right after
    TOSA -> linalg (docs/Runner.md):

    1. `linalg.conv_2d_nhwc_fhwc` becomes `conv_2d_nhwc_hwcf` (output
       channels innermost, so one filter row is one vector); a constant
       filter is transposed at compile time. Depthwise convolutions with
       multiplier 1 take the `hwc` form; constant pads become a fill and a
       copy of the interior; an input zero point z becomes the plain
       convolution minus z times each channel's filter sum.
    2. Convolutions, poolings and matmuls are tiled to register blocks
       (output width x output channels, reductions over kh, kw and input
       channel tiles), 2-D windows are decomposed to 1-D and vectorized;
       int8 tiles go two input channels at a time (`pairwise-int8`: sums
       of neighbouring int32 products, one vpdpwssd on x86); elementwise
       `linalg.generic`s are tiled along their innermost dimension and
       vectorized.
    3. The accumulator reads and writes of every tile are hoisted out of
       the reduction loops.

    Tile sizes are divisors of the static dimensions, so every tile is full
    and needs no masks. Ops it cannot vectorize (dynamic shapes, other
    layouts, reductions in generics) are left as they are and lowered to
    scalar loops later. Integer results are bit-identical to the scalar
    lowering; float results differ only by the order of additions.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "unsigned", /*default=*/"16",
           "Elements per vector register (16 for 512-bit f32 registers)">,
    Option<"pairwiseInt8", "pairwise-int8", "bool", /*default=*/"true",
           "int8 convolutions two input channels at a time (sums of "
           "neighbouring products, x86's pmaddwd / vpdpwssd)">,
  ];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // AUTOQUANT_RUNTIME_PASSES_TD
