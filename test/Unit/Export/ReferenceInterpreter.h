//===- ReferenceInterpreter.h - Runs an exported integer model --*- C++ -*-===//
//
// An integer-only implementation of the ops quant-export describes, written
// from the TOSA 1.0 specification and docs/Export.md. It reads nothing but the
// exported JSON document: the test compares its outputs with the realized
// model run through the JIT runner, bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_TEST_UNIT_EXPORT_REFERENCEINTERPRETER_H
#define AUTOQUANT_TEST_UNIT_EXPORT_REFERENCEINTERPRETER_H

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace autoquant::reference {

/// An integer tensor (int8 ... int64, bool; shapes hold their extents).
struct Tensor {
  std::vector<int64_t> shape;
  std::string dtype;
  std::vector<int64_t> values;
};

class Interpreter {
public:
  /// Checks that `model` is an autoquant-model document and keeps it.
  static llvm::Expected<Interpreter> create(llvm::json::Value model);

  /// The integer inputs the model takes, in order (shape and dtype).
  std::vector<Tensor> getInputTemplates() const;

  /// Runs the layers in order on `inputs` and returns the outputs. Fails on
  /// an op it does not implement or malformed operands.
  llvm::Expected<std::vector<Tensor>> run(const std::vector<Tensor> &inputs);

private:
  explicit Interpreter(llvm::json::Value model) : model(std::move(model)) {}
  llvm::json::Value model;
};

} // namespace autoquant::reference

#endif // AUTOQUANT_TEST_UNIT_EXPORT_REFERENCEINTERPRETER_H
