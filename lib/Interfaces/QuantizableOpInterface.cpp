//===- QuantizableOpInterface.cpp - TVM's annotate decision tables --------===//
//
// The rules of TVM's annotate pass (reference: tvm-quantize.md section 1c) as
// functions over operand domains. Op models pick the table that fits them.
// A value already in the weight domain (the result of a weight-kind
// simulated_quantize) is treated as the float constant it came from, so that
// annotating twice attaches nothing new.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Interfaces/QuantizableOpInterface.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace autoquant;

#include "autoquant/Interfaces/QuantizableOpInterface.cpp.inc"

bool autoquant::isComputedFromConstants(Value value) {
  // Walks up through pure single-block-free ops; depth-limited because model
  // graphs are deep and this only needs to see through short constant chains.
  SmallVector<std::pair<Value, unsigned>> worklist = {{value, 0}};
  while (!worklist.empty()) {
    auto [current, depth] = worklist.pop_back_val();
    Operation *def = current.getDefiningOp();
    if (!def || depth > 8)
      return false;
    if (def->hasTrait<OpTrait::ConstantLike>())
      continue;
    if (!isPure(def) || def->getNumRegions() != 0 || def->getNumOperands() == 0)
      return false;
    for (Value operand : def->getOperands())
      worklist.push_back({operand, depth + 1});
  }
  return true;
}

QuantDomain autoquant::domainOf(QuantKind kind) {
  switch (kind) {
  case QuantKind::identity:
    return QuantDomain::floating;
  case QuantKind::input:
    return QuantDomain::input;
  case QuantKind::weight:
    return QuantDomain::weight;
  case QuantKind::activation:
    return QuantDomain::activation;
  }
  llvm_unreachable("unknown QuantKind");
}

StringRef autoquant::stringifyQuantDomain(QuantDomain domain) {
  switch (domain) {
  case QuantDomain::floating:
    return "float";
  case QuantDomain::input:
    return "input";
  case QuantDomain::weight:
    return "weight";
  case QuantDomain::activation:
    return "activation";
  }
  llvm_unreachable("unknown QuantDomain");
}

AnnotateRule AnnotateRule::forward(size_t numOperands, QuantDomain result) {
  AnnotateRule rule;
  rule.handled = true;
  rule.attach.resize(numOperands);
  rule.result = result;
  return rule;
}

namespace {
/// Float, or a quantized constant (see the file comment).
bool isFloat(QuantDomain domain) {
  return domain == QuantDomain::floating || domain == QuantDomain::weight;
}

/// The kind a float operand gets when the other side is quantized: weight
/// for constants (biases, scales), input otherwise.
QuantKind kindForFloatOperand(const AnnotateQuery &query, unsigned operand) {
  return query.operandIsConstant[operand] ? QuantKind::weight
                                          : QuantKind::input;
}
} // namespace

AnnotateRule rules::conv(const AnnotateQuery &query, unsigned data,
                         unsigned weight) {
  QuantDomain dataDomain = query.operandDomains[data];
  if (!isFloat(query.operandDomains[weight]) ||
      dataDomain == QuantDomain::weight)
    return AnnotateRule::unhandled();
  AnnotateRule rule = AnnotateRule::forward(query.operandDomains.size(),
                                            QuantDomain::activation);
  if (dataDomain != QuantDomain::input)
    rule.attach[data] = QuantKind::input;
  rule.attach[weight] = QuantKind::weight;
  return rule;
}

AnnotateRule rules::matmul(const AnnotateQuery &query, unsigned lhs,
                           unsigned rhs) {
  AnnotateRule rule = AnnotateRule::forward(query.operandDomains.size(),
                                            QuantDomain::activation);
  for (unsigned side : {lhs, rhs}) {
    QuantDomain domain = query.operandDomains[side];
    if (isFloat(domain))
      rule.attach[side] = kindForFloatOperand(query, side);
    else if (domain == QuantDomain::activation)
      rule.attach[side] = QuantKind::input;
  }
  return rule;
}

AnnotateRule rules::add(const AnnotateQuery &query, unsigned lhs,
                        unsigned rhs) {
  QuantDomain left = query.operandDomains[lhs];
  QuantDomain right = query.operandDomains[rhs];
  if (isFloat(left) && isFloat(right))
    return AnnotateRule::unhandled();
  AnnotateRule rule = AnnotateRule::forward(query.operandDomains.size(),
                                            QuantDomain::activation);
  if (isFloat(left))
    rule.attach[lhs] = kindForFloatOperand(query, lhs);
  else if (isFloat(right))
    rule.attach[rhs] = kindForFloatOperand(query, rhs);
  else if (left == QuantDomain::activation && right == QuantDomain::activation)
    rule.attach[rhs] = QuantKind::input;
  return rule;
}

AnnotateRule rules::mul(const AnnotateQuery &query, unsigned lhs,
                        unsigned rhs) {
  if (isFloat(query.operandDomains[lhs]) && isFloat(query.operandDomains[rhs]))
    return AnnotateRule::unhandled();
  AnnotateRule rule = AnnotateRule::forward(query.operandDomains.size(),
                                            QuantDomain::activation);
  for (unsigned side : {lhs, rhs}) {
    QuantDomain domain = query.operandDomains[side];
    if (domain == QuantDomain::activation)
      rule.attach[side] = QuantKind::input;
    else if (isFloat(domain))
      rule.attach[side] = kindForFloatOperand(query, side);
  }
  return rule;
}

AnnotateRule rules::passThrough(const AnnotateQuery &query, unsigned data) {
  QuantDomain domain = query.operandDomains[data];
  if (isFloat(domain))
    return AnnotateRule::unhandled();
  return AnnotateRule::forward(query.operandDomains.size(), domain);
}

AnnotateRule rules::requantizeToInput(const AnnotateQuery &query,
                                      unsigned data) {
  QuantDomain domain = query.operandDomains[data];
  if (isFloat(domain))
    return AnnotateRule::unhandled();
  AnnotateRule rule =
      AnnotateRule::forward(query.operandDomains.size(), QuantDomain::input);
  if (domain == QuantDomain::activation)
    rule.attach[data] = QuantKind::input;
  return rule;
}

AnnotateRule rules::concat(const AnnotateQuery &query) {
  if (llvm::all_of(query.operandDomains, isFloat))
    return AnnotateRule::unhandled();
  AnnotateRule rule = AnnotateRule::forward(query.operandDomains.size(),
                                            QuantDomain::activation);
  for (auto [index, domain] : llvm::enumerate(query.operandDomains))
    if (isFloat(domain))
      rule.attach[index] = QuantKind::activation;
  return rule;
}

QuantInfo QuantInfo::perChannel(ArrayRef<double> scales, int64_t axis) {
  QuantInfo info;
  info.scale = *llvm::max_element(scales);
  if (llvm::any_of(scales, [&](double s) { return s != scales.front(); })) {
    info.channelScales.assign(scales.begin(), scales.end());
    info.axis = axis;
  }
  return info;
}
