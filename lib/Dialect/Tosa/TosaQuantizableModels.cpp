//===- TosaQuantizableModels.cpp - Quantization rules of TOSA ops ---------===//
//
// External QuantizableOpInterface models for TOSA 1.0 ops. Each model only
// says which of TVM's tables applies and which operands are the data
// operands; zero-point, shift and shape operands are never quantized.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/Tosa/TosaQuantizableModels.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::autoquant;

namespace {

/// conv2d, depthwise_conv2d, transpose_conv2d: operands (input, weight, bias,
/// input_zp, weight_zp). The bias stays float here; realize quantizes it to
/// int32 at S_in * S_w.
template <typename OpT>
struct ConvModel : QuantizableOpInterface::ExternalModel<ConvModel<OpT>, OpT> {
  LayerClass getLayerClass(Operation *) const { return LayerClass::conv; }
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::conv(query, /*data=*/0, /*weight=*/1);
  }
};

/// matmul (a, b, a_zp, b_zp): a dense layer when b is constant, otherwise a
/// batch matmul of two computed tensors.
struct MatMulModel
    : QuantizableOpInterface::ExternalModel<MatMulModel, tosa::MatMulOp> {
  LayerClass getLayerClass(Operation *op) const {
    return isComputedFromConstants(op->getOperand(1)) ? LayerClass::dense
                                                      : LayerClass::other;
  }
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::matmul(query, /*lhs=*/0, /*rhs=*/1);
  }
};

/// add and sub: TVM's add table. TVM has no sub rule; integer sub needs the
/// same common scale as add.
template <typename OpT>
struct AddLikeModel
    : QuantizableOpInterface::ExternalModel<AddLikeModel<OpT>, OpT> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::add(query, /*lhs=*/0, /*rhs=*/1);
  }
};

/// mul (input1, input2, shift).
struct MulModel : QuantizableOpInterface::ExternalModel<MulModel, tosa::MulOp> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::mul(query, /*lhs=*/0, /*rhs=*/1);
  }
};

/// Ops that only move, select or clamp values: operand 0 is the data; the
/// result keeps its domain. Covers clamp (relu, relu6), reshape, transpose,
/// slice, pad (the pad value is quantized with the data at realize), tile,
/// reverse and identity.
template <typename OpT>
struct PassThroughModel
    : QuantizableOpInterface::ExternalModel<PassThroughModel<OpT>, OpT> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::passThrough(query, /*data=*/0);
  }
};

/// max_pool2d: requantizes an activation to input (int8) before pooling.
struct MaxPoolModel
    : QuantizableOpInterface::ExternalModel<MaxPoolModel, tosa::MaxPool2dOp> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::requantizeToInput(query, /*data=*/0);
  }
};

/// avg_pool2d (input, input_zp, output_zp): keeps the domain, except that a
/// global pool (kernel = the whole H x W) ends the quantized region when
/// stop-at-global-pool is on, as TVM's global_avg_pool2d does.
struct AvgPoolModel
    : QuantizableOpInterface::ExternalModel<AvgPoolModel, tosa::AvgPool2dOp> {
  static bool isGlobal(tosa::AvgPool2dOp pool) {
    auto inputType = dyn_cast<RankedTensorType>(pool.getInput().getType());
    if (!inputType || inputType.getRank() != 4 || !inputType.hasStaticShape())
      return false;
    ArrayRef<int64_t> kernel = pool.getKernel();
    return kernel.size() == 2 && kernel[0] == inputType.getDimSize(1) &&
           kernel[1] == inputType.getDimSize(2);
  }
  AnnotateRule getAnnotateRule(Operation *op,
                               const AnnotateQuery &query) const {
    if (query.stopAtGlobalPool && isGlobal(cast<tosa::AvgPool2dOp>(op))) {
      AnnotateRule rule = AnnotateRule::unhandled();
      rule.endsQuantizedRegion = true;
      return rule;
    }
    return rules::passThrough(query, /*data=*/0);
  }
};

/// concat: float fields get an activation-kind op; realize unifies scales.
struct ConcatModel
    : QuantizableOpInterface::ExternalModel<ConcatModel, tosa::ConcatOp> {
  AnnotateRule getAnnotateRule(Operation *, const AnnotateQuery &query) const {
    return rules::concat(query);
  }
};

template <typename... OpTs> void attachPassThrough(MLIRContext *ctx) {
  (OpTs::template attachInterface<PassThroughModel<OpTs>>(*ctx), ...);
}

} // namespace

void mlir::autoquant::registerTosaQuantizableModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, tosa::TosaDialect *) {
    tosa::Conv2DOp::attachInterface<ConvModel<tosa::Conv2DOp>>(*ctx);
    tosa::DepthwiseConv2DOp::attachInterface<
        ConvModel<tosa::DepthwiseConv2DOp>>(*ctx);
    tosa::TransposeConv2DOp::attachInterface<
        ConvModel<tosa::TransposeConv2DOp>>(*ctx);
    tosa::MatMulOp::attachInterface<MatMulModel>(*ctx);
    tosa::AddOp::attachInterface<AddLikeModel<tosa::AddOp>>(*ctx);
    tosa::SubOp::attachInterface<AddLikeModel<tosa::SubOp>>(*ctx);
    tosa::MulOp::attachInterface<MulModel>(*ctx);
    tosa::MaxPool2dOp::attachInterface<MaxPoolModel>(*ctx);
    tosa::AvgPool2dOp::attachInterface<AvgPoolModel>(*ctx);
    tosa::ConcatOp::attachInterface<ConcatModel>(*ctx);
    attachPassThrough<tosa::ClampOp, tosa::ReshapeOp, tosa::TransposeOp,
                      tosa::SliceOp, tosa::PadOp, tosa::TileOp, tosa::ReverseOp,
                      tosa::IdentityOp>(ctx);
  });
}
