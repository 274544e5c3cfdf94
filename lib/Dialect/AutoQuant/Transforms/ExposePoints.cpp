//===- ExposePoints.cpp - Quantization points as extra results ------------===//
//
// A debugging aid for comparing a simulated and a realized model point by
// point (quant-run --compare).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTEXPOSEPOINTS
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;

namespace {

struct ExposePointsPass
    : public autoquant::impl::AutoQuantExposePointsBase<ExposePointsPass> {
  using AutoQuantExposePointsBase::AutoQuantExposePointsBase;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.getBody().hasOneBlock())
        continue;
      SmallVector<SimulatedQuantizeOp> points;
      func.walk([&](SimulatedQuantizeOp op) {
        QuantParamsAttr params = op.getParamsAttr();
        if (params && !params.isPerAxis() && op.getNbit() <= maxNbit &&
            op.getKind() != QuantKind::weight &&
            op.getKind() != QuantKind::identity)
          points.push_back(op);
      });
      if (points.empty())
        continue;
      auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
      unsigned first = ret.getNumOperands();
      SmallVector<Value> values(ret.getOperands());
      for (SimulatedQuantizeOp op : points)
        values.push_back(op.getResult());
      ret->setOperands(values);
      func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                     ValueRange(values).getTypes()));
      Builder b(&getContext());
      for (auto [offset, op] : llvm::enumerate(points)) {
        unsigned index = first + offset;
        QuantParamsAttr params = op.getParamsAttr();
        func.setResultAttr(index, AutoQuantDialect::kPointAttrName,
                           b.getStringAttr(op.getPointName()));
        func.setResultAttr(index, AutoQuantDialect::kScaleAttrName,
                           b.getF64FloatAttr(params.getScales().front()));
        func.setResultAttr(index, AutoQuantDialect::kZeroPointAttrName,
                           b.getI64IntegerAttr(params.getZeroPointAt(0)));
      }
    }
  }
};

} // namespace
