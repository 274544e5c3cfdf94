//===- Annotate.cpp - Insert uncalibrated simulated_quantize ops ----------===//
//
// TVM's annotate pass on MLIR: a forward walk in program order that tracks
// each value's quantization domain and lets every op's QuantizableOpInterface
// model decide what to attach. The pass knows no op by name.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Support/IntegerRange.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/GlobPattern.h"

namespace autoquant {
#define GEN_PASS_DEF_AUTOQUANTANNOTATE
#include "autoquant/Dialect/AutoQuant/Transforms/Passes.h.inc"
} // namespace autoquant

using namespace mlir;
using namespace autoquant;

namespace {

bool hasFloatTensorResult(Operation *op) {
  return llvm::any_of(op->getResultTypes(), [](Type type) {
    auto tensor = dyn_cast<TensorType>(type);
    return tensor && isa<FloatType>(tensor.getElementType());
  });
}

/// Glob patterns of a location option, with a record of which ever matched.
/// The texts passed to parse() must outlive the patterns (GlobPattern refers
/// into them).
struct LocationPatterns {
  std::string optionName;
  SmallVector<std::string> sources;
  SmallVector<llvm::GlobPattern> patterns;
  llvm::SmallBitVector used;

  LogicalResult parse(StringRef option, ArrayRef<std::string> texts,
                      MLIRContext *ctx) {
    optionName = option.str();
    for (const std::string &text : texts) {
      llvm::Expected<llvm::GlobPattern> pattern =
          llvm::GlobPattern::create(text);
      if (!pattern) {
        emitError(UnknownLoc::get(ctx))
            << "autoquant-annotate: bad " << option << " pattern '" << text
            << "': " << llvm::toString(pattern.takeError());
        return failure();
      }
      sources.push_back(text);
      patterns.push_back(std::move(*pattern));
    }
    used.resize(patterns.size());
    return success();
  }

  /// Whether `name` matches any pattern (all matching ones are recorded).
  bool matches(std::optional<StringRef> name) {
    bool any = false;
    if (!name)
      return false;
    for (auto [index, pattern] : llvm::enumerate(patterns))
      if (pattern.match(*name)) {
        used.set(index);
        any = true;
      }
    return any;
  }

  /// Reports patterns that matched no location (likely typos).
  LogicalResult checkAllUsed(ModuleOp module) {
    for (auto [index, text] : llvm::enumerate(sources))
      if (!used.test(index))
        return module.emitError()
               << "autoquant-annotate: " << optionName << " pattern '" << text
               << "' matches no op location";
    return success();
  }
};

struct AnnotatePass
    : public autoquant::impl::AutoQuantAnnotateBase<AnnotatePass> {
  using AutoQuantAnnotateBase::AutoQuantAnnotateBase;

  LogicalResult initialize(MLIRContext *ctx) override;
  void runOnOperation() override;

private:
  void annotateFunction(FunctionOpInterface func);
  bool isSelected(Operation *op, LayerClass layerClass, unsigned &convIndex);
  unsigned bitsFor(QuantKind kind) const;
  Value attach(Value value, QuantKind kind);

  llvm::DenseSet<unsigned> skippedConvIndices;
  LocationPatterns skipPatterns, onlyPatterns;
  /// point-nbit: a bit width per point-name pattern, in option order.
  LocationPatterns nbitPatterns;
  SmallVector<unsigned> nbitOverrides;
  /// The pattern texts: llvm::GlobPattern keeps references into them.
  std::vector<std::string> nbitGlobs;
  /// Values already quantized, by (value, kind): TVM's qnode_map.
  DenseMap<std::pair<Value, unsigned>, Value> attached;
};

LogicalResult AnnotatePass::initialize(MLIRContext *ctx) {
  Location loc = UnknownLoc::get(ctx);
  std::pair<StringRef, unsigned> widths[] = {
      {"nbit-input", nbitInput},
      {"nbit-weight", nbitWeight},
      {"nbit-activation", nbitActivation}};
  for (auto [name, bits] : widths)
    if (bits < ::autoquant::kMinBits || bits > ::autoquant::kMaxBits)
      return emitError(loc) << "autoquant-annotate: " << name << " must be in ["
                            << ::autoquant::kMinBits << ", "
                            << ::autoquant::kMaxBits << "], got " << bits;

  skippedConvIndices.clear();
  SmallVector<StringRef> entries;
  StringRef(skipConvLayers).split(entries, ',', -1, /*KeepEmpty=*/false);
  for (StringRef entry : entries) {
    unsigned index;
    if (entry.trim().getAsInteger(10, index))
      return emitError(loc)
             << "autoquant-annotate: skip-conv-layers expects comma-separated "
                "non-negative indices, got '"
             << entry << "'";
    skippedConvIndices.insert(index);
  }

  for (const std::string &name : debugEnabledOps)
    if (!RegisteredOperationName::lookup(name, ctx))
      return emitError(loc) << "autoquant-annotate: debug-enabled-ops names '"
                            << name << "', which is not a registered op";

  skipPatterns = LocationPatterns();
  onlyPatterns = LocationPatterns();
  if (failed(skipPatterns.parse("skip-locs", skipLocs, ctx)) ||
      failed(onlyPatterns.parse("only-locs", onlyLocs, ctx)))
    return failure();

  // point-nbit entries are PATTERN:BITS.
  nbitPatterns = LocationPatterns();
  nbitOverrides.clear();
  nbitGlobs.clear();
  for (const std::string &entry : pointNbit) {
    auto [glob, bitsText] = StringRef(entry).rsplit(':');
    unsigned bits;
    if (bitsText.empty() || glob.empty() || bitsText.getAsInteger(10, bits) ||
        bits < ::autoquant::kMinBits || bits > ::autoquant::kMaxBits)
      return emitError(loc)
             << "autoquant-annotate: point-nbit expects "
                "NAME-PATTERN:BITS with BITS in ["
             << ::autoquant::kMinBits << ", " << ::autoquant::kMaxBits
             << "], got '" << entry << "'";
    nbitGlobs.push_back(glob.str());
    nbitOverrides.push_back(bits);
  }
  return nbitPatterns.parse("point-nbit", nbitGlobs, ctx);
}

void AnnotatePass::runOnOperation() {
  ModuleOp module = getOperation();
  skipPatterns.used.reset();
  onlyPatterns.used.reset();
  nbitPatterns.used.reset();
  for (auto func : module.getOps<FunctionOpInterface>())
    annotateFunction(func);
  // Per-point bit widths: the last matching pattern wins.
  module.walk([&](SimulatedQuantizeOp op) {
    std::string name = op.getPointName();
    for (auto [index, pattern] : llvm::enumerate(nbitPatterns.patterns))
      if (!name.empty() && pattern.match(name)) {
        nbitPatterns.used.set(index);
        op.setNbit(nbitOverrides[index]);
      }
  });
  if (failed(skipPatterns.checkAllUsed(module)) ||
      failed(onlyPatterns.checkAllUsed(module)) ||
      failed(nbitPatterns.checkAllUsed(module)))
    signalPassFailure();
}

bool AnnotatePass::isSelected(Operation *op, LayerClass layerClass,
                              unsigned &convIndex) {
  // Count every conv layer first, so that indices follow program order
  // whatever the other options select.
  if (layerClass == LayerClass::conv &&
      skippedConvIndices.contains(convIndex++))
    return false;
  if (layerClass == LayerClass::dense && skipDenseLayer)
    return false;
  if (!debugEnabledOps.empty() &&
      !llvm::is_contained(debugEnabledOps, op->getName().getStringRef()))
    return false;
  std::optional<StringRef> name = getLocationName(op->getLoc());
  if (!onlyPatterns.patterns.empty() && !onlyPatterns.matches(name))
    return false;
  return !skipPatterns.matches(name);
}

unsigned AnnotatePass::bitsFor(QuantKind kind) const {
  switch (kind) {
  case QuantKind::input:
    return nbitInput;
  case QuantKind::weight:
    return nbitWeight;
  case QuantKind::activation:
  case QuantKind::identity:
    return nbitActivation;
  }
  llvm_unreachable("unknown QuantKind");
}

/// Quantizes `value` as `kind`, once: a value that already is such a
/// simulated_quantize, or was quantized so before, is reused. The new op sits
/// right after the value's definition so that it dominates every user, and
/// is named "<producer>/<kind>" after the producer's location name.
Value AnnotatePass::attach(Value value, QuantKind kind) {
  if (auto existing = value.getDefiningOp<SimulatedQuantizeOp>())
    if (existing.getKind() == kind)
      return value;
  auto key = std::make_pair(value, static_cast<unsigned>(kind));
  if (Value known = attached.lookup(key))
    return known;

  OpBuilder builder(value.getContext());
  builder.setInsertionPointAfterValue(value);
  Location valueLoc = value.getLoc();
  std::string producer;
  if (std::optional<StringRef> name = getLocationName(valueLoc))
    producer = name->str();
  else if (auto arg = dyn_cast<BlockArgument>(value))
    producer = "arg" + std::to_string(arg.getArgNumber());
  else
    producer = value.getDefiningOp()->getName().stripDialect().str();
  Location loc = NameLoc::get(
      builder.getStringAttr(producer + "/" + stringifyQuantKind(kind)),
      valueLoc);
  auto quantized = SimulatedQuantizeOp::create(
      builder, loc, value, kind, bitsFor(kind), /*sign=*/true,
      Rounding::half_away_from_zero, QuantParamsAttr());
  attached[key] = quantized.getResult();
  return quantized.getResult();
}

void AnnotatePass::annotateFunction(FunctionOpInterface func) {
  if (func.isExternal())
    return;
  Region &body = func.getFunctionBody();
  if (!body.hasOneBlock()) {
    func.emitRemark() << "not annotated: AutoQuant handles single-block "
                         "function bodies";
    return;
  }
  attached.clear();
  DenseMap<Value, QuantDomain> domains;
  llvm::DenseSet<Value> floatRegion;
  unsigned convIndex = 0;
  // One remark per op name without a rule, on its first occurrence: a
  // transformer has dozens of reduce_sum / exp / reciprocal ops.
  llvm::MapVector<OperationName, std::pair<Operation *, unsigned>> noRule;

  // Ops inserted while walking (attached ops) are not visited: the iterator
  // has already moved past the insertion points.
  for (Operation &op : llvm::make_early_inc_range(body.front())) {
    if (auto existing = dyn_cast<SimulatedQuantizeOp>(op)) {
      domains[existing.getResult()] = domainOf(existing.getKind());
      continue;
    }
    if (op.getNumResults() == 0 || op.hasTrait<OpTrait::ConstantLike>() ||
        !hasFloatTensorResult(&op))
      continue;
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return floatRegion.contains(v); })) {
      floatRegion.insert(op.result_begin(), op.result_end());
      continue;
    }
    auto model = dyn_cast<QuantizableOpInterface>(op);
    if (!model) {
      auto &[first, count] = noRule[op.getName()];
      if (!first)
        first = &op;
      ++count;
      continue;
    }
    if (!isSelected(&op, model.getLayerClass(), convIndex))
      continue;

    SmallVector<QuantDomain> operandDomains;
    SmallVector<bool> operandIsConstant;
    for (Value operand : op.getOperands()) {
      operandDomains.push_back(
          domains.lookup_or(operand, QuantDomain::floating));
      operandIsConstant.push_back(isComputedFromConstants(operand));
    }
    AnnotateQuery query{operandDomains, operandIsConstant, stopAtGlobalPool};
    AnnotateRule rule = model.getAnnotateRule(query);
    if (rule.endsQuantizedRegion)
      floatRegion.insert(op.result_begin(), op.result_end());
    if (!rule.handled)
      continue;

    for (auto [index, kind] : llvm::enumerate(rule.attach))
      if (kind)
        op.setOperand(index, attach(op.getOperand(index), *kind));

    for (Value result : op.getResults()) {
      domains[result] = rule.result;
      // TVM's multi-ref rule: a quantized value with several users is
      // requantized to input once, and every user reads that.
      if (rule.result == QuantDomain::floating || result.hasOneUse() ||
          result.use_empty())
        continue;
      Value shared = attach(result, QuantKind::input);
      result.replaceAllUsesExcept(shared, shared.getDefiningOp());
      domains[shared] = QuantDomain::input;
    }
  }
  for (auto &[name, firstAndCount] : noRule) {
    auto [first, count] = firstAndCount;
    InFlightDiagnostic remark = first->emitRemark()
                                << "'" << name
                                << "' stays float: AutoQuant has no "
                                   "quantization rule for it";
    if (count > 1)
      remark << " (" << count << " such ops; this is the first)";
  }
}

} // namespace
