//===- OutlineLoopNests.cpp - One function per top-level loop nest --------===//
//
// LLVM's loop passes cost more than linearly in the size of the function
// that holds the loops; a compiled model is one function with a loop nest
// per op. Outlining each nest keeps every function small (docs/Runner.md).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Runtime/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTOUTLINELOOPNESTS
#include "autoquant/Runtime/Passes.h.inc"
} // namespace autoquant

using namespace mlir;

namespace {

bool isClonableConstant(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
         def->hasTrait<OpTrait::ConstantLike>();
}

struct OutlineLoopNestsPass
    : autoquant::impl::AutoQuantOutlineLoopNestsBase<OutlineLoopNestsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp function : functions)
      if (!function.isExternal() && function.getBody().hasOneBlock())
        outlineNests(function);
  }

  void outlineNests(func::FuncOp function) {
    SmallVector<Operation *> nests;
    for (Operation &op : function.getBody().front())
      if (op.getNumRegions() > 0)
        nests.push_back(&op);
    OpBuilder builder(function.getContext());
    unsigned index = 0;
    // The outlined functions follow their function in program order.
    Operation *insertAfter = function;
    for (Operation *nest : nests) {
      // Everything the nest reads from the enclosing function.
      llvm::SetVector<Value> captured(nest->getOperands().begin(),
                                      nest->getOperands().end());
      getUsedValuesDefinedAbove(nest->getRegions(), captured);
      SmallVector<Value> arguments, constants;
      for (Value value : captured)
        (isClonableConstant(value) ? constants : arguments).push_back(value);

      builder.setInsertionPointAfter(insertAfter);
      auto type = builder.getFunctionType(ValueRange(arguments).getTypes(),
                                          nest->getResultTypes());
      auto outlined = func::FuncOp::create(
          builder, nest->getLoc(),
          (function.getName() + "_nest" + Twine(index++)).str(), type);
      outlined.setPrivate();
      insertAfter = outlined;
      outlined->setAttr("passthrough",
                        builder.getArrayAttr(builder.getStringAttr("noinline")));
      Block *body = outlined.addEntryBlock();
      IRMapping mapping;
      mapping.map(arguments, body->getArguments());
      builder.setInsertionPointToStart(body);
      for (Value constant : constants)
        mapping.map(constant,
                    builder.clone(*constant.getDefiningOp())->getResult(0));
      Operation *moved = builder.clone(*nest, mapping);
      func::ReturnOp::create(builder, nest->getLoc(), moved->getResults());

      builder.setInsertionPoint(nest);
      auto call =
          func::CallOp::create(builder, nest->getLoc(), outlined, arguments);
      nest->replaceAllUsesWith(call.getResults());
      nest->erase();
    }
  }
};

} // namespace
