//===- JitRunner.cpp - Run a TOSA function through upstream MLIR ----------===//

#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Runtime/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/TargetSelect.h"

#include <cstdlib>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cstring>
#include <mutex>

using namespace mlir;
using namespace autoquant;

#ifndef AUTOQUANT_MLIR_C_RUNNER_UTILS
#define AUTOQUANT_MLIR_C_RUNNER_UTILS                                          \
  "/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so"
#endif

OwningOpRef<ModuleOp>
autoquant::cloneFunctionReturning(func::FuncOp func, ArrayRef<Value> values) {
  OwningOpRef<ModuleOp> copy = ModuleOp::create(func.getLoc());
  IRMapping mapping;
  auto clone = cast<func::FuncOp>(func->clone(mapping));
  copy->push_back(clone);
  SmallVector<Value> returned;
  for (Value value : values)
    returned.push_back(mapping.lookup(value));
  Operation *terminator = clone.getBody().front().getTerminator();
  OpBuilder builder(terminator);
  func::ReturnOp::create(builder, terminator->getLoc(), returned);
  terminator->erase();
  clone.setType(builder.getFunctionType(clone.getArgumentTypes(),
                                        ValueRange(returned).getTypes()));
  return copy;
}

std::string autoquant::getTosaToLLVMPipeline(bool vectorize) {
  // The explicit form of tosa-to-linalg-pipeline without its tosa-validate
  // (which rejects DOUBLE_ROUND without a target environment), then (fast
  // path) tiling and vectorization, followed by the standard bufferization
  // and LLVM lowering. docs/Runner.md explains each step.
  std::string pipeline =
      "builtin.module("
      "func.func(tosa-optional-decompositions,canonicalize,"
      "tosa-infer-shapes,tosa-make-broadcastable,tosa-to-linalg-named,"
      "canonicalize,tosa-layerwise-constant-fold,tosa-make-broadcastable,"
      "tosa-to-linalg,tosa-to-arith{include-apply-rescale=true},"
      "tosa-to-tensor,canonicalize";
  if (vectorize)
    pipeline += ",linalg-fuse-elementwise-ops,autoquant-cpu-codegen";
  pipeline +=
      "),"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
      "func.func(convert-vector-to-scf{full-unroll=true},"
      "convert-linalg-to-loops),"
      "lower-affine,convert-scf-to-cf,expand-strided-metadata,"
      "lower-affine,"
      "convert-vector-to-llvm{vector-contract-lowering=outerproduct},"
      "finalize-memref-to-llvm,convert-math-to-llvm,convert-math-to-libm,"
      "convert-arith-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,"
      "convert-ub-to-llvm,convert-to-llvm,reconcile-unrealized-casts)";
  return pipeline;
}

void autoquant::keepFreedMemoryForModelRuns() {
#ifdef __GLIBC__
  // Compiled models allocate and free the same large buffers on every run.
  // By default glibc serves blocks above 128 KiB-32 MiB with fresh mmaps and
  // returns freed heap tops to the kernel, so every run page-faults its
  // buffers in again (ResNet-50: 10.4 vs 19.6 images/s). Keep them.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

unsigned autoquant::getElementByteSize(Type type) {
  unsigned bits = type.getIntOrFloatBitWidth();
  return bits < 8 ? 1 : bits / 8;
}

static size_t byteSize(RankedTensorType type) {
  return static_cast<size_t>(type.getNumElements()) *
         getElementByteSize(type.getElementType());
}

JitRunner::~JitRunner() = default;

size_t JitRunner::getArgumentBytes(unsigned i) const {
  return byteSize(argTypes[i]);
}
size_t JitRunner::getResultBytes(unsigned i) const {
  return byteSize(resultTypes[i]);
}

/// Checks that `type` is something the runner can pass through a buffer.
static LogicalResult checkBufferType(func::FuncOp func, Type type,
                                     StringRef what, unsigned index,
                                     SmallVectorImpl<RankedTensorType> &out) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() ||
      !tensor.getElementType().isIntOrFloat())
    return func.emitError() << "JIT runner needs statically shaped tensors "
                               "of integers or floats; "
                            << what << " " << index << " has type " << type;
  out.push_back(tensor);
  return success();
}

static void initializeOnce() {
  static std::once_flag flag;
  std::call_once(flag, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    registerAllPasses();
    registerAutoQuantRuntimePasses();
  });
}

FailureOr<std::unique_ptr<JitRunner>>
JitRunner::create(ModuleOp module, StringRef funcName,
                  const JitRunnerOptions &options) {
  initializeOnce();
  MLIRContext *ctx = module.getContext();
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  ctx->appendDialectRegistry(registry);

  auto func = module.lookupSymbol<func::FuncOp>(funcName);
  if (!func || func.isExternal())
    return module.emitError() << "JIT runner: no function '" << funcName
                              << "' with a body in the module";
  std::unique_ptr<JitRunner> runner(new JitRunner());
  for (auto [index, type] : llvm::enumerate(func.getArgumentTypes()))
    if (failed(
            checkBufferType(func, type, "argument", index, runner->argTypes)))
      return failure();
  for (auto [index, type] : llvm::enumerate(func.getResultTypes()))
    if (failed(
            checkBufferType(func, type, "result", index, runner->resultTypes)))
      return failure();
  if (runner->resultTypes.empty())
    return func.emitError() << "JIT runner: the function returns nothing";

  // Compile a copy that holds only the entry function, which exposes the C
  // interface (memref descriptors through pointers).
  OwningOpRef<ModuleOp> copy = cast<ModuleOp>(module->clone());
  for (auto other : llvm::make_early_inc_range(copy->getOps<func::FuncOp>()))
    if (other.getSymName() != funcName)
      other.erase();
  auto entry = copy->lookupSymbol<func::FuncOp>(funcName);
  entry->setAttr("llvm.emit_c_interface", UnitAttr::get(ctx));

  FailureOr<OpPassManager> pipeline =
      parsePassPipeline(getTosaToLLVMPipeline(options.vectorize));
  if (failed(pipeline))
    return module.emitError() << "JIT runner: cannot build the lowering "
                                 "pipeline";
  PassManager pm(ctx);
  static_cast<OpPassManager &>(pm) = *pipeline;
  if (failed(pm.run(*copy)))
    return func.emitError() << "JIT runner: lowering to LLVM failed";

  ExecutionEngineOptions engineOptions;
  auto transformer = makeOptimizingTransformer(options.optLevel,
                                               /*sizeLevel=*/0, nullptr);
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel =
      static_cast<llvm::CodeGenOptLevel>(options.optLevel);
  SmallVector<StringRef, 1> libs = {AUTOQUANT_MLIR_C_RUNNER_UTILS};
  engineOptions.sharedLibPaths = libs;
  auto engine = ExecutionEngine::create(*copy, engineOptions);
  if (!engine)
    return func.emitError()
           << "JIT runner: " << llvm::toString(engine.takeError());
  runner->engine = std::move(*engine);
  runner->entryName = ("_mlir_ciface_" + funcName).str();
  if (auto fn = runner->engine->lookupPacked(runner->entryName); !fn)
    return func.emitError() << "JIT runner: " << llvm::toString(fn.takeError());
  return runner;
}

namespace {
/// A ranked memref descriptor as the C interface lays it out: allocated and
/// aligned pointers, offset, sizes, strides (all 8-byte words).
struct Descriptor {
  std::vector<int64_t> words;

  static Descriptor forBuffer(const void *data, RankedTensorType type) {
    Descriptor d;
    int64_t rank = type.getRank();
    d.words.resize(3 + 2 * rank);
    d.words[0] = reinterpret_cast<int64_t>(data);
    d.words[1] = reinterpret_cast<int64_t>(data);
    d.words[2] = 0;
    int64_t stride = 1;
    for (int64_t i = rank - 1; i >= 0; --i) {
      d.words[3 + i] = type.getDimSize(i);
      d.words[3 + rank + i] = stride;
      stride *= type.getDimSize(i);
    }
    return d;
  }
};
} // namespace

llvm::Error JitRunner::run(ArrayRef<const void *> args,
                           std::vector<std::vector<char>> &results) const {
  if (args.size() != argTypes.size())
    return llvm::createStringError("expected %zu arguments, got %zu",
                                   argTypes.size(), args.size());
  // Results come back through the first pointer: one descriptor, or a
  // struct of descriptors when there are several.
  size_t resultWords = 0;
  for (RankedTensorType type : resultTypes)
    resultWords += 3 + 2 * type.getRank();
  std::vector<int64_t> resultStruct(resultWords, 0);
  SmallVector<Descriptor> argDescriptors;
  for (auto [data, type] : llvm::zip(args, argTypes))
    argDescriptors.push_back(Descriptor::forBuffer(data, type));

  SmallVector<void *> pointers;
  pointers.push_back(resultStruct.data());
  for (Descriptor &d : argDescriptors)
    pointers.push_back(d.words.data());
  SmallVector<void *> packed;
  for (void *&pointer : pointers)
    packed.push_back(&pointer);
  if (llvm::Error error = engine->invokePacked(entryName, packed))
    return error;

  // Copy every result out in C order, then free what the function allocated
  // (not constants, whose allocated pointer is a marker, nor inputs). Only
  // after all copies: results may be views of one allocation (a reshape of
  // another result, two results of one buffer).
  results.resize(resultTypes.size());
  llvm::DenseSet<int64_t> freed;
  for (const void *arg : args)
    freed.insert(reinterpret_cast<int64_t>(arg));
  freed.insert(0xdeadbeef);
  SmallVector<int64_t> allocations;
  size_t offset = 0;
  for (auto [index, type] : llvm::enumerate(resultTypes)) {
    int64_t rank = type.getRank();
    const int64_t *d = resultStruct.data() + offset;
    offset += 3 + 2 * rank;
    unsigned elementBytes = getElementByteSize(type.getElementType());
    std::vector<char> &out = results[index];
    out.resize(byteSize(type));
    const char *base = reinterpret_cast<const char *>(d[1]);
    int64_t numElements = type.getNumElements();
    bool contiguous = true;
    int64_t expected = 1;
    for (int64_t i = rank - 1; i >= 0; --i) {
      if (d[3 + i] != 1 && d[3 + rank + i] != expected)
        contiguous = false;
      expected *= d[3 + i];
    }
    if (contiguous) {
      std::memcpy(out.data(), base + d[2] * elementBytes,
                  numElements * elementBytes);
    } else {
      for (int64_t linear = 0; linear < numElements; ++linear) {
        int64_t rest = linear, position = d[2];
        for (int64_t i = rank - 1; i >= 0; --i) {
          position += (rest % d[3 + i]) * d[3 + rank + i];
          rest /= d[3 + i];
        }
        std::memcpy(out.data() + linear * elementBytes,
                    base + position * elementBytes, elementBytes);
      }
    }
    allocations.push_back(d[0]);
  }
  for (int64_t allocation : allocations)
    if (freed.insert(allocation).second)
      std::free(reinterpret_cast<void *>(allocation));
  return llvm::Error::success();
}
