//===- VerifyInteger.cpp - Report float ops left in a realized model ------===//

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTVERIFYINTEGER
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;

namespace {

bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<TensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

struct VerifyIntegerPass
    : public autoquant::impl::AutoQuantVerifyIntegerBase<VerifyIntegerPass> {
  void runOnOperation() override {
    bool failedAny = false;
    getOperation().walk([&](Operation *op) {
      if (isa<func::FuncOp, ModuleOp>(op) ||
          (op->hasTrait<OpTrait::ConstantLike>() && op->use_empty()))
        return;
      bool isFloat = llvm::any_of(op->getOperandTypes(), isFloatTensor) ||
                     llvm::any_of(op->getResultTypes(), isFloatTensor);
      if (!isFloat)
        return;
      op->emitError() << "'" << op->getName()
                      << "' computes in float in a model that should be "
                         "integer";
      failedAny = true;
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
