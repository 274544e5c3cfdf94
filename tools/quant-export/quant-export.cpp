//===- quant-export.cpp - Integer parameters of a realized model ----------===//
//
// quant-export realized.mlir [--format json|c-header] [-o FILE] [--entry F]
//                            [--prefix NAME]
//
// Writes every integer parameter of a realized model (docs/Export.md): the
// whole graph as JSON, or the same content as a self-contained C header.
//
//===----------------------------------------------------------------------===//

#include "autoquant/Export/CHeader.h"
#include "autoquant/Export/Export.h"
#include "autoquant/Import/OnnxImport.h"
#include "autoquant/InitAutoQuant.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace llvm;

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<realized model.mlir>"));
static cl::opt<std::string> outputFormat("format", cl::init("json"),
                                         cl::desc("json or c-header"));
static cl::opt<std::string> outputPath("o", cl::init("-"),
                                       cl::desc("Output file (- = stdout)"));
static cl::opt<std::string>
    entryName("entry", cl::desc("Function to export (default: the only public "
                                "function with a body)"));
static cl::opt<std::string>
    prefix("prefix", cl::init("aq_model"),
           cl::desc("C header: prefix of every symbol and of the guard"));

static int fail(const Twine &message) {
  errs() << "quant-export: error: " << message << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(
      argc, argv, "AutoQuant: export the integer parameters of a model\n");
  if (outputFormat != "json" && outputFormat != "c-header")
    return fail("unknown --format '" + outputFormat +
                "' (expected json or c-header)");

  DialectRegistry registry;
  registerAllDialects(registry);
  autoquant::registerAutoQuantDialects(registry);
  MLIRContext ctx(registry);
  SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, &ctx);
  OwningOpRef<ModuleOp> module =
      autoquant::loadModelFile(modelPath, sourceMgr, &ctx);
  if (!module)
    return 1;

  func::FuncOp func;
  if (!entryName.empty()) {
    func = module->lookupSymbol<func::FuncOp>(entryName);
    if (!func || func.isExternal())
      return fail(modelPath + ": no function '" + entryName + "' with a body");
  } else {
    SmallVector<func::FuncOp> candidates;
    for (auto candidate : module->getOps<func::FuncOp>())
      if (!candidate.isExternal() && candidate.isPublic())
        candidates.push_back(candidate);
    if (candidates.size() != 1)
      return fail(modelPath +
                  ": expected one public function with a body, "
                  "found " +
                  Twine(candidates.size()) + "; choose one with --entry");
    func = candidates.front();
  }
  if (func.walk([](autoquant::SimulatedQuantizeOp op) {
            op.emitError() << "quant-export reads realized models; run "
                              "--autoquant-realize first";
            return WalkResult::interrupt();
          })
          .wasInterrupted())
    return 1;

  FailureOr<json::Value> model = autoquant::exportModelJson(func);
  if (failed(model))
    return 1;
  std::string error;
  auto output = openOutputFile(outputPath, &error);
  if (!output)
    return fail(error);
  if (outputFormat == "json") {
    output->os() << formatv("{0:1}", *model) << "\n";
  } else if (Error err =
                 ::autoquant::printModelCHeader(*model, prefix, output->os())) {
    return fail(toString(std::move(err)));
  }
  output->keep();
  return 0;
}
