//===- QuantizableOpInterface.h - Per-op quantization rules -----*- C++ -*-===//
//
// The QuantizableOpInterface, the types its methods exchange, and TVM's
// annotate decision tables as functions that models call.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_INTERFACES_QUANTIZABLEOPINTERFACE_H
#define AUTOQUANT_INTERFACES_QUANTIZABLEOPINTERFACE_H

#include "autoquant/Calibration/LayerHessian.h"
#include "autoquant/Dialect/AutoQuant/IR/AutoQuant.h"
#include "autoquant/Support/MLIR.h"

#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace autoquant {

/// The quantization domain of a value during annotation (TVM's QAnnotateExpr
/// kind; `floating` is TVM's plain expression).
enum class QuantDomain { floating, input, weight, activation };

/// True when `value` is computed from constants only (a weight, a bias, or
/// such a value reshaped, transposed or already fake-quantized).
bool isComputedFromConstants(Value value);

/// The domain that a simulated_quantize of `kind` puts its result in.
QuantDomain domainOf(QuantKind kind);
StringRef stringifyQuantDomain(QuantDomain domain);

/// How the skip options see an op.
enum class LayerClass { other, conv, dense };

/// What annotate knows about an op's operands when it asks for the rule.
struct AnnotateQuery {
  ArrayRef<QuantDomain> operandDomains;
  /// True for operands computed from constants only (weights, biases).
  ArrayRef<bool> operandIsConstant;
  /// End the quantized region at a global average pool (TVM's default).
  bool stopAtGlobalPool = true;
};

/// The answer of an op's rule.
struct AnnotateRule {
  /// False: the op stays float (TVM's `None`); the rest is then ignored.
  bool handled = false;
  /// Per operand, the kind of simulated_quantize to attach, if any.
  SmallVector<std::optional<QuantKind>, 4> attach;
  /// Domain of the op's results.
  QuantDomain result = QuantDomain::floating;
  /// The results, and everything computed from them, stay float.
  bool endsQuantizedRegion = false;

  /// An op left float.
  static AnnotateRule unhandled() { return AnnotateRule(); }
  /// A handled op with `numOperands` operands and nothing attached yet.
  static AnnotateRule forward(size_t numOperands, QuantDomain result);
};

/// TVM's decision tables (reference: tvm-quantize.md section 1c), shared by
/// the op models. Operand indices name the data operands of the op.
namespace rules {
/// conv2d and friends: data (float or activation) -> input; weight (float)
/// -> weight; result activation.
AnnotateRule conv(const AnnotateQuery &query, unsigned data, unsigned weight);
/// batch matmul / dense: each side, when float or activation, becomes weight
/// if constant and input otherwise; result activation.
AnnotateRule matmul(const AnnotateQuery &query, unsigned lhs, unsigned rhs);
/// add and sub (TVM's add table; a constant side gets weight kind).
AnnotateRule add(const AnnotateQuery &query, unsigned lhs, unsigned rhs);
/// mul (TVM's multiply table; both sides annotated is allowed here).
AnnotateRule mul(const AnnotateQuery &query, unsigned lhs, unsigned rhs);
/// Ops that move or select values (reshape, clamp, ...): same domain.
AnnotateRule passThrough(const AnnotateQuery &query, unsigned data);
/// max_pool2d: activation data is requantized to input first; result input.
AnnotateRule requantizeToInput(const AnnotateQuery &query, unsigned data);
/// concat: float fields get an activation-kind op; result activation.
AnnotateRule concat(const AnnotateQuery &query);
} // namespace rules

/// Scale and zero point of an integer tensor: real = scale * (q - zeroPoint),
/// or, per channel, real = channelScales[i] * (q - zeroPoint) where i is the
/// element's index along `axis`.
struct QuantInfo {
  QuantInfo() = default;
  QuantInfo(double scale, int64_t zeroPoint)
      : scale(scale), zeroPoint(zeroPoint) {}

  double scale = 1.0;
  int64_t zeroPoint = 0;
  /// Per-channel scales (empty: per-tensor). `scale` then holds the largest.
  SmallVector<double, 0> channelScales;
  int64_t axis = -1;

  bool isPerChannel() const { return !channelScales.empty(); }
  /// The scale of channel `index` (the tensor scale when per-tensor).
  double scaleAt(int64_t index) const {
    return isPerChannel() ? channelScales[index] : scale;
  }
  /// Per-channel info, collapsed to per-tensor when all scales are equal.
  static QuantInfo perChannel(ArrayRef<double> scales, int64_t axis);
};

/// A value during realize: an integer tensor with its QuantInfo, or a float
/// tensor (no QuantInfo).
struct RealizedValue {
  Value value;
  std::optional<QuantInfo> quant;
  bool isQuantized() const { return quant.has_value(); }
};

/// How realize rounds when it requantizes (docs/Numerics.md, Rounding modes).
enum class RequantRoundingMode { upward, tonearest, doubleRound };

struct RealizeOptions {
  RequantRoundingMode rounding = RequantRoundingMode::upward;
  /// TVM's round_for_shift: a requantization by an exact power of two 2^-k
  /// rounds (true, as any rescale) or truncates toward -inf (false:
  /// floor(x / 2^k), tosa.arithmetic_right_shift without rounding).
  bool roundForShift = true;
  /// Bits of conv biases: 32 (int32 at S_in * S_w, the default) or TVM's 8
  /// (an 8-bit code at its own power-of-two scale, then requantized to the
  /// accumulator scale; kept for compatibility, it loses precision).
  unsigned biasBits = 32;
};

} // namespace autoquant

#include "autoquant/Interfaces/QuantizableOpInterface.h.inc"

#endif // AUTOQUANT_INTERFACES_QUANTIZABLEOPINTERFACE_H
