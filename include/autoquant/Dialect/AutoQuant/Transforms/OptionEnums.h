//===- OptionEnums.h - Enumerated values of the passes' options -*- C++ -*-===//
//
// The option types Passes.td names that are not numerics-library enums
// (those come from lib/Calibration and the realize interface). Each value's
// spelling is in Passes.td, the single source of truth for pass and pipeline
// options.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_OPTIONENUMS_H
#define AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_OPTIONENUMS_H

#include "autoquant/Calibration/KLDivergence.h"
#include "autoquant/Calibration/Observer.h"
#include "autoquant/Calibration/QuantParams.h"
#include "autoquant/Calibration/WeightScale.h"
#include "autoquant/Interfaces/QuantizableOpInterface.h"
#include "autoquant/Support/MLIR.h"

#include "llvm/Support/CommandLine.h"

#include <string>

namespace autoquant {

/// The `--autoquant` pipeline's `preset=`: the defaults of the options the
/// user does not give.
enum class QuantizePreset {
  /// Data-driven and per-channel, every conv and dense layer up to a global
  /// pool (the default).
  Accurate,
  /// TVM's qconfig defaults (the passes' own defaults).
  Tvm,
};
/// The `--autoquant` pipeline's `equalize=`: no equalization, or the
/// equalize pass's source.
enum class EqualizeMode { None, Activations, Weights };
/// Which channel ranges cross-layer equalization balances.
enum class EqualizeSource { Activations, Weights };
/// Weight codes: a linear grid (scale and clip) or log2 codes.
enum class WeightScheme { Linear, Log2 };
/// How weights become codes once their scales are known: each to its
/// nearest code, or GPTQ's error-compensating order.
enum class WeightRounding { Nearest, Gptq };
/// One weight scale per tensor or per output channel.
enum class WeightGranularity { PerTensor, PerChannel };
/// Data-calibrated points: zero point 0, or an affine [min, max] range.
enum class ActivationRange { Symmetric, Asymmetric };
/// Data-calibrated points: always signed codes, or unsigned where the data
/// are non-negative.
enum class ActivationSign { Signed, Auto };

namespace detail {
/// An enumerated option's value by spelling; an unknown spelling is an error
/// that names the accepted ones (LLVM's default names none).
template <typename ValuesT, typename T>
bool parseEnumOption(const ValuesT &values, llvm::cl::Option &option,
                     llvm::StringRef arg, T &value) {
  std::string accepted;
  for (const auto &info : values) {
    if (info.Name == arg) {
      value = info.V.getValue();
      return false;
    }
    accepted += (accepted.empty() ? "" : ", ") + info.Name.str();
  }
  return option.error("unknown value '" + arg + "' (expected " + accepted +
                      ")");
}
} // namespace detail

} // namespace autoquant

/// Every enumerated pass option parses through detail::parseEnumOption. The
/// specializations are declared before Passes.h.inc instantiates the parsers.
#define AUTOQUANT_ENUM_OPTION_PARSER(T)                                        \
  namespace llvm {                                                             \
  namespace cl {                                                               \
  template <>                                                                  \
  inline bool parser<T>::parse(Option &option, StringRef, StringRef arg,       \
                               T &value) {                                     \
    return ::autoquant::detail::parseEnumOption(Values, option, arg, value);   \
  }                                                                            \
  }                                                                            \
  }

AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::calib::CalibrationMethod)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::calib::KLImplementation)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::calib::WeightScaleMode)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::calib::ScaleConvention)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::RequantRoundingMode)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::QuantizePreset)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::EqualizeMode)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::EqualizeSource)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::WeightScheme)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::WeightGranularity)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::WeightRounding)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::ActivationRange)
AUTOQUANT_ENUM_OPTION_PARSER(::autoquant::ActivationSign)

#endif // AUTOQUANT_DIALECT_AUTOQUANT_TRANSFORMS_OPTIONENUMS_H
