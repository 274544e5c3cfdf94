//===- OnnxConformance.cpp - ONNX backend tests through import + JIT ------===//
//
// Runs ONNX's own backend test data (Debian libonnx-testdata: a model.onnx
// and test_data_set_*/{input,output}_K.pb per test) through the importer and
// the JIT runner, and compares with ONNX's expected outputs at ONNX's
// tolerance (|got - want| <= 1e-7 + 1e-3 |want|).
//
// Only tests whose every operator the importer supports are run. Graph input
// 0 stays a function argument; the other inputs (weights, shapes, pads,
// scales in node tests) become initializers from their .pb files, as
// onnx-mlir's constant-input mode does. With --expected FILE the run fails
// when a listed test does not pass, and names tests that pass unlisted.
//
// autoquant-onnx-conformance DATA_ROOT [--expected FILE] [--filter SUBSTR]
//                            [--write-expected FILE] [-v]
//
//===----------------------------------------------------------------------===//

#include "HostTensor.h"
#include "autoquant/Import/OnnxImport.h"
#include "autoquant/Runtime/JitRunner.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/onnx_pb.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

using namespace mlir;
using ::autoquant::onnx_import::HostTensor;

namespace {

struct Outcome {
  enum Kind { Pass, Fail, Skip } kind;
  std::string reason;
};

bool readProto(const std::string &path, google::protobuf::MessageLite &msg) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return false;
  return msg.ParseFromArray((*buffer)->getBufferStart(),
                            static_cast<int>((*buffer)->getBufferSize()));
}

/// Reads and decodes one `.pb` tensor; an empty string, or why not.
std::string readTensor(const std::string &path, ::onnx::TensorProto &proto,
                       HostTensor &tensor) {
  if (!readProto(path, proto))
    return path.substr(path.rfind('/') + 1) + " unreadable";
  std::string error;
  if (!::autoquant::onnx_import::decodeTensorProto(proto, tensor, error))
    return error;
  return "";
}

/// Output of one test directory.
Outcome runTest(const std::string &dir, DialectRegistry &registry) {
  ::onnx::ModelProto model;
  if (!readProto(dir + "/model.onnx", model))
    return {Outcome::Skip, "model does not parse"};
  for (const auto &node : model.graph().node())
    if ((!node.domain().empty() && node.domain() != "ai.onnx") ||
        !autoquant::isOnnxOperatorSupported(node.op_type()))
      return {Outcome::Skip, "operator " + node.op_type()};
  // The importer takes float32 models; other element types are out of scope.
  for (const auto &out : model.graph().output())
    if (out.type().tensor_type().elem_type() != ::onnx::TensorProto::FLOAT)
      return {Outcome::Skip, "non-float output"};
  std::string dataDir = dir + "/test_data_set_0";
  if (!llvm::sys::fs::is_directory(dataDir))
    return {Outcome::Skip, "no test data"};

  // Graph inputs (not initializers) in order, and their data.
  std::set<std::string> initializers;
  for (const auto &init : model.graph().initializer())
    initializers.insert(init.name());
  std::vector<std::string> inputs;
  for (const auto &in : model.graph().input())
    if (!initializers.count(in.name()))
      inputs.push_back(in.name());
  if (!inputs.empty()) {
    for (const auto &in : model.graph().input())
      if (in.name() == inputs[0] &&
          in.type().tensor_type().elem_type() != ::onnx::TensorProto::FLOAT)
        return {Outcome::Skip, "non-float input"};
  }
  std::vector<HostTensor> inputData(inputs.size());
  std::vector<::onnx::TensorProto> inputProtos(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string why =
        readTensor(dataDir + "/input_" + std::to_string(i) + ".pb",
                   inputProtos[i], inputData[i]);
    if (!why.empty())
      return {Outcome::Skip, why};
  }
  // Inputs after the first (and a non-float first) become initializers.
  std::vector<unsigned> runtimeInputs;
  auto *graph = model.mutable_graph();
  for (size_t i = 0; i < inputs.size(); ++i) {
    ::onnx::TensorProto &proto = inputProtos[i];
    bool isFloat = proto.data_type() == ::onnx::TensorProto::FLOAT;
    if (i == 0 && isFloat) {
      runtimeInputs.push_back(i);
      continue;
    }
    proto.set_name(inputs[i]);
    *graph->add_initializer() = proto;
  }
  std::string bytes;
  model.SerializeToString(&bytes);

  MLIRContext ctx(registry);
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    if (diagnostics.empty())
      diagnostics = diag.str();
    return success();
  });
  OwningOpRef<ModuleOp> module =
      autoquant::importOnnxModel(bytes, dir + "/model.onnx", false, &ctx);
  if (!module)
    return {Outcome::Fail, "import: " + diagnostics};
  auto runner = autoquant::JitRunner::create(*module, "main");
  if (failed(runner))
    return {Outcome::Fail, "compile: " + diagnostics};
  std::vector<std::vector<float>> args;
  std::vector<const void *> argPointers;
  for (unsigned i : runtimeInputs) {
    args.push_back(inputData[i].toFloats());
    argPointers.push_back(args.back().data());
  }
  std::vector<std::vector<char>> results;
  if (llvm::Error error = (*runner)->run(argPointers, results))
    return {Outcome::Fail, "run: " + llvm::toString(std::move(error))};

  for (size_t k = 0; k < results.size(); ++k) {
    ::onnx::TensorProto proto;
    HostTensor want;
    std::string why = readTensor(
        dataDir + "/output_" + std::to_string(k) + ".pb", proto, want);
    if (!why.empty())
      return {Outcome::Skip, why};
    size_t n = results[k].size() / sizeof(float);
    if (static_cast<int64_t>(n) != want.size())
      return {Outcome::Fail, "output " + std::to_string(k) + " has " +
                                 std::to_string(n) + " values, expected " +
                                 std::to_string(want.size())};
    const float *got = reinterpret_cast<const float *>(results[k].data());
    for (size_t i = 0; i < n; ++i) {
      double w = want.data[i], g = got[i];
      bool same = (std::isnan(w) && std::isnan(g)) || w == g ||
                  std::fabs(g - w) <= 1e-7 + 1e-3 * std::fabs(w);
      if (!same)
        return {Outcome::Fail, "output " + std::to_string(k) + "[" +
                                   std::to_string(i) +
                                   "] = " + std::to_string(g) + ", expected " +
                                   std::to_string(w)};
    }
  }
  return {Outcome::Pass, ""};
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (argc < 2) {
    llvm::errs() << "usage: autoquant-onnx-conformance DATA_ROOT [--expected "
                    "FILE] [--write-expected FILE] [--filter SUBSTR] [-v]\n";
    return 2;
  }
  std::string root = argv[1], expectedPath, writePath, filter;
  bool verbose = false;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--expected" && i + 1 < argc)
      expectedPath = argv[++i];
    else if (arg == "--write-expected" && i + 1 < argc)
      writePath = argv[++i];
    else if (arg == "--filter" && i + 1 < argc)
      filter = argv[++i];
    else if (arg == "-v")
      verbose = true;
    else {
      llvm::errs() << "unknown argument '" << arg << "'\n";
      return 2;
    }
  }
  std::set<std::string> expected;
  if (!expectedPath.empty()) {
    std::ifstream in(expectedPath);
    if (!in) {
      llvm::errs() << "cannot read " << expectedPath << "\n";
      return 2;
    }
    for (std::string line; std::getline(in, line);)
      if (!line.empty() && line[0] != '#')
        expected.insert(line);
  }

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);

  std::vector<std::string> tests;
  for (const char *suite :
       {"node", "pytorch-converted", "pytorch-operator", "simple"}) {
    std::error_code ec;
    std::string base = root + "/" + suite;
    for (llvm::sys::fs::directory_iterator it(base, ec), end; !ec && it != end;
         it.increment(ec))
      if (llvm::sys::fs::exists(it->path() + "/model.onnx"))
        tests.push_back(std::string(suite) + "/" +
                        llvm::sys::path::filename(it->path()).str());
  }
  std::sort(tests.begin(), tests.end());

  unsigned passed = 0, failedCount = 0, skipped = 0;
  std::vector<std::string> passing, regressions, newPasses;
  for (const std::string &test : tests) {
    if (!filter.empty() && test.find(filter) == std::string::npos)
      continue;
    Outcome outcome = runTest(root + "/" + test, registry);
    switch (outcome.kind) {
    case Outcome::Pass:
      ++passed;
      passing.push_back(test);
      if (!expectedPath.empty() && !expected.count(test))
        newPasses.push_back(test);
      if (verbose)
        llvm::outs() << "PASS " << test << "\n";
      break;
    case Outcome::Fail:
      ++failedCount;
      if (expected.count(test))
        regressions.push_back(test + ": " + outcome.reason);
      llvm::outs() << "FAIL " << test << ": " << outcome.reason << "\n";
      break;
    case Outcome::Skip:
      ++skipped;
      if (verbose)
        llvm::outs() << "SKIP " << test << ": " << outcome.reason << "\n";
      break;
    }
  }
  llvm::outs() << "\nsupported-operator tests: " << passed << " passed / "
               << passed + failedCount << " run (" << skipped
               << " skipped: unsupported operators or data)\n";
  if (!writePath.empty()) {
    std::ofstream out(writePath);
    out << "# ONNX backend tests (libonnx-testdata) expected to pass through "
           "quant-import + the JIT runner.\n# Regenerate: "
           "autoquant-onnx-conformance DATA_ROOT --write-expected FILE\n";
    for (const std::string &t : passing)
      out << t << "\n";
  }
  for (const std::string &t : newPasses)
    llvm::outs() << "NEW PASS (add to the expected list): " << t << "\n";
  for (const std::string &t : regressions)
    llvm::outs() << "REGRESSION: " << t << "\n";
  return regressions.empty() ? 0 : 1;
}
