//===- ConstantLookup.cpp - Constants behind element-moving ops -----------===//

#include "autoquant/Dialect/AutoQuant/Transforms/ConstantLookup.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace autoquant;

/// The op between `value` and its source constant, if it only moves elements.
static Operation *getElementMover(Value value) {
  Operation *def = value.getDefiningOp();
  if (!isa_and_nonnull<tosa::ReshapeOp, tosa::TransposeOp, tosa::IdentityOp>(
          def))
    return nullptr;
  return def;
}

/// The constant behind `value` and the element movers between them, from
/// `value` down; null when something else lies between.
static DenseElementsAttr walkToConstant(Value value,
                                        SmallVectorImpl<Operation *> &movers) {
  DenseElementsAttr constant;
  while (!matchPattern(value, m_Constant(&constant))) {
    Operation *mover = getElementMover(value);
    if (!mover)
      return {};
    movers.push_back(mover);
    value = mover->getOperand(0);
  }
  return constant;
}

DenseElementsAttr autoquant::findSourceConstant(Value value) {
  SmallVector<Operation *> movers;
  return walkToConstant(value, movers);
}

std::vector<float> autoquant::toFloats(DenseElementsAttr attr) {
  std::vector<float> values;
  if (attr.getElementType().isF32()) {
    // The common case, read straight from the attribute's storage.
    auto range = attr.getValues<float>();
    values.assign(range.begin(), range.end());
    return values;
  }
  values.reserve(attr.getNumElements());
  for (APFloat value : attr.getValues<APFloat>()) {
    bool losesInfo;
    value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
    values.push_back(value.convertToFloat());
  }
  return values;
}

/// `values` of row-major `shape` transposed by `perms` (result dim i = input
/// dim perms[i]).
static std::vector<float> transposeValues(const std::vector<float> &values,
                                          ArrayRef<int64_t> shape,
                                          ArrayRef<int32_t> perms) {
  size_t rank = shape.size();
  SmallVector<int64_t> strides(rank, 1), outShape(rank);
  for (size_t i = rank; i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  for (size_t i = 0; i < rank; ++i)
    outShape[i] = shape[perms[i]];
  std::vector<float> result(values.size());
  SmallVector<int64_t> index(rank, 0);
  for (size_t out = 0; out < values.size(); ++out) {
    int64_t in = 0;
    for (size_t i = 0; i < rank; ++i)
      in += index[i] * strides[perms[i]];
    result[out] = values[in];
    for (size_t i = rank; i-- > 0;) {
      if (++index[i] < outShape[i])
        break;
      index[i] = 0;
    }
  }
  return result;
}

/// The values of `constant` in the layout the `movers` (from the reader
/// down) give them.
static std::vector<float> applyMovers(DenseElementsAttr constant,
                                      ArrayRef<Operation *> movers) {
  std::vector<float> values = toFloats(constant);
  SmallVector<int64_t> shape(constant.getType().getShape());
  // Reshapes and identities keep the row-major order; transposes permute.
  for (Operation *mover : llvm::reverse(movers)) {
    if (auto transpose = dyn_cast<tosa::TransposeOp>(mover))
      values = transposeValues(values, shape, transpose.getPerms());
    auto type = cast<ShapedType>(mover->getResult(0).getType());
    shape.assign(type.getShape().begin(), type.getShape().end());
  }
  return values;
}

FailureOr<std::vector<float>> autoquant::readConstantAsFloats(Value value) {
  SmallVector<Operation *> movers;
  DenseElementsAttr constant = walkToConstant(value, movers);
  if (!constant || !isa<FloatType>(constant.getElementType()))
    return failure();
  return applyMovers(constant, movers);
}

DenseElementsAttr autoquant::foldConstantThroughLayout(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  SmallVector<Operation *> movers;
  DenseElementsAttr source = walkToConstant(value, movers);
  if (!type || !source || !isa<FloatType>(source.getElementType()))
    return {};
  // Without a transpose the row-major order is the constant's: a reshape of
  // the attribute, whatever its element type.
  if (llvm::none_of(movers, llvm::IsaPred<tosa::TransposeOp>))
    return source.getType() == type ? source : source.reshape(type);
  if (!type.getElementType().isF32())
    return {};
  std::vector<float> values = applyMovers(source, movers);
  return DenseElementsAttr::get(type, ArrayRef<float>(values));
}
