//===- quant-model-gen.cpp - Large float TOSA models for benchmarks -------===//
//
// quant-model-gen --model resnet50 [--seed N] [-o FILE]
// quant-model-gen --model chain --layers K [--channels C] [--size S] ...
// quant-model-gen --images N --shape 1x224x224x3 [--seed N] -o FILE.npy
//
// Float TOSA models with seeded random weights, built with the MLIR API and
// printed like any model (large constants as hex): a ResNet-50-shaped network
// (the real conv shapes at 224x224, bottleneck blocks with residual adds,
// batch norm folded away, ~25.6M parameters) and a chain of K conv + relu
// layers. Also random calibration images as .npy. Named locations follow
// PyTorch's module names (layer1.0.conv1, ...).
//
//===----------------------------------------------------------------------===//

#include "autoquant/Support/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace llvm;

static cl::opt<std::string> modelKind("model", cl::desc("resnet50 or chain"));
static cl::opt<unsigned> numLayers("layers", cl::init(100),
                                   cl::desc("chain: number of conv+relu"));
static cl::opt<unsigned> chainChannels("channels", cl::init(8),
                                       cl::desc("chain: channels"));
static cl::opt<unsigned> chainSize("size", cl::init(8),
                                   cl::desc("chain: height and width"));
static cl::opt<unsigned> numImages("images", cl::init(0),
                                   cl::desc("write N random images (.npy)"));
static cl::opt<std::string> imageShape("shape", cl::init("1x224x224x3"),
                                       cl::desc("images: per-sample shape"));
static cl::opt<unsigned> seed("seed", cl::init(1), cl::desc("random seed"));
static cl::opt<std::string> outputPath("o", cl::init("-"),
                                       cl::desc("output file"));

namespace {

class Generator {
public:
  Generator(MLIRContext *ctx, unsigned seed)
      : builder(ctx), rng(seed), f32(builder.getF32Type()) {}

  /// A constant of `shape` with values uniform in [-bound, bound].
  Value randomConstant(Location loc, ArrayRef<int64_t> shape, float bound) {
    auto type = RankedTensorType::get(shape, f32);
    std::uniform_real_distribution<float> uniform(-bound, bound);
    std::vector<float> values(type.getNumElements());
    for (float &v : values)
      v = uniform(rng);
    return tosa::ConstOp::create(
        builder, loc, type,
        DenseElementsAttr::get(type, ArrayRef<float>(values)));
  }

  Value zeroPoint(Location loc) {
    auto type = RankedTensorType::get({1}, f32);
    return tosa::ConstOp::create(builder, loc, type,
                                 DenseElementsAttr::get(type, 0.0f));
  }

  Location named(const Twine &name) {
    return NameLoc::get(builder.getStringAttr(name));
  }

  /// conv2d k x k, stride s, "same" padding, He-uniform weights, small bias.
  Value conv(Value x, int64_t out, int64_t k, int64_t stride,
             const Twine &name) {
    auto type = cast<RankedTensorType>(x.getType());
    int64_t h = type.getDimSize(1), w = type.getDimSize(2),
            in = type.getDimSize(3);
    int64_t pad = (k - 1) / 2;
    int64_t oh = (h + 2 * pad - k) / stride + 1;
    int64_t ow = (w + 2 * pad - k) / stride + 1;
    std::string base = name.str();
    // TOSA wants (h - 1 + pad_top + pad_bottom - (k - 1)) divisible by the
    // stride (as PyTorch's TOSA export arranges): trim the bottom / right
    // padding, or slice the input when there is none to trim (1x1, stride 2).
    int64_t excess = (h - 1 + 2 * pad - (k - 1)) % stride;
    int64_t padEnd = pad;
    if (excess != 0 && pad >= excess) {
      padEnd = pad - excess;
    } else if (excess != 0) {
      auto start = tosa::ConstShapeOp::create(
          builder, named(base + ".slice.start"),
          tosa::shapeType::get(builder.getContext(), 4),
          builder.getIndexTensorAttr({0, 0, 0, 0}));
      auto size = tosa::ConstShapeOp::create(
          builder, named(base + ".slice.size"),
          tosa::shapeType::get(builder.getContext(), 4),
          builder.getIndexTensorAttr(
              {type.getDimSize(0), h - excess, w - excess, in}));
      x = tosa::SliceOp::create(
          builder, named(base + ".slice"),
          RankedTensorType::get(
              {type.getDimSize(0), h - excess, w - excess, in}, f32),
          x, start, size);
    }
    float bound = std::sqrt(6.0f / static_cast<float>(k * k * in));
    Value weight =
        randomConstant(named(base + ".weight"), {out, k, k, in}, bound);
    Value bias = randomConstant(named(base + ".bias"), {out}, 0.05f);
    Value zp = zeroPoint(named(base + ".zp"));
    auto resultType =
        RankedTensorType::get({type.getDimSize(0), oh, ow, out}, f32);
    return tosa::Conv2DOp::create(
        builder, named(base), resultType, x, weight, bias, zp, zp,
        builder.getDenseI64ArrayAttr({pad, padEnd, pad, padEnd}),
        builder.getDenseI64ArrayAttr({stride, stride}),
        builder.getDenseI64ArrayAttr({1, 1}), TypeAttr::get(f32));
  }

  Value relu(Value x, const Twine &name) {
    return tosa::ClampOp::create(
        builder, named(name), x.getType(), x, builder.getF32FloatAttr(0.0f),
        builder.getF32FloatAttr(std::numeric_limits<float>::max()),
        tosa::NanPropagationModeAttr::get(builder.getContext(),
                                          tosa::NanPropagationMode::PROPAGATE));
  }

  Value bottleneck(Value x, int64_t width, int64_t stride, bool project,
                   const std::string &name) {
    Value y = relu(conv(x, width, 1, 1, name + ".conv1"), name + ".relu1");
    y = relu(conv(y, width, 3, stride, name + ".conv2"), name + ".relu2");
    y = conv(y, width * 4, 1, 1, name + ".conv3");
    Value shortcut =
        project ? conv(x, width * 4, 1, stride, name + ".downsample") : x;
    Value sum = tosa::AddOp::create(builder, named(name + ".add"), y.getType(),
                                    y, shortcut);
    return relu(sum, name + ".relu");
  }

  ModuleOp resnet50() {
    ModuleOp module = ModuleOp::create(builder.getUnknownLoc());
    auto input = RankedTensorType::get({1, 224, 224, 3}, f32);
    auto output = RankedTensorType::get({1, 1000}, f32);
    builder.setInsertionPointToEnd(module.getBody());
    auto func = func::FuncOp::create(builder, named("resnet50"), "resnet50",
                                     builder.getFunctionType(input, output));
    builder.setInsertionPointToStart(func.addEntryBlock());
    Value x = relu(conv(func.getArgument(0), 64, 7, 2, "conv1"), "relu");
    auto pooledType = RankedTensorType::get({1, 56, 56, 64}, f32);
    x = tosa::MaxPool2dOp::create(
        builder, named("maxpool"), pooledType, x,
        builder.getDenseI64ArrayAttr({3, 3}),
        builder.getDenseI64ArrayAttr({2, 2}),
        builder.getDenseI64ArrayAttr({1, 0, 1, 0}),
        tosa::NanPropagationModeAttr::get(builder.getContext(),
                                          tosa::NanPropagationMode::PROPAGATE));
    const int64_t blocks[] = {3, 4, 6, 3}, widths[] = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage)
      for (int64_t block = 0; block < blocks[stage]; ++block)
        x = bottleneck(
            x, widths[stage], block == 0 && stage > 0 ? 2 : 1, block == 0,
            "layer" + std::to_string(stage + 1) + "." + std::to_string(block));
    // Global average pool, flatten, fully connected.
    Value zp = zeroPoint(named("avgpool.zp"));
    x = tosa::AvgPool2dOp::create(
        builder, named("avgpool"), RankedTensorType::get({1, 1, 1, 2048}, f32),
        x, zp, zp, builder.getDenseI64ArrayAttr({7, 7}),
        builder.getDenseI64ArrayAttr({1, 1}),
        builder.getDenseI64ArrayAttr({0, 0, 0, 0}), TypeAttr::get(f32));
    auto shape3 = tosa::ConstShapeOp::create(
        builder, named("flatten.shape"),
        tosa::shapeType::get(builder.getContext(), 3),
        builder.getIndexTensorAttr({1, 1, 2048}));
    x = tosa::ReshapeOp::create(builder, named("flatten"),
                                RankedTensorType::get({1, 1, 2048}, f32), x,
                                shape3);
    Value weight = randomConstant(named("fc.weight"), {1, 2048, 1000},
                                  std::sqrt(6.0f / 2048));
    Value fczp = zeroPoint(named("fc.zp"));
    x = tosa::MatMulOp::create(builder, named("fc"),
                               RankedTensorType::get({1, 1, 1000}, f32), x,
                               weight, fczp, fczp);
    Value bias = randomConstant(named("fc.bias"), {1, 1, 1000}, 0.05f);
    x = tosa::AddOp::create(builder, named("fc.bias_add"), x.getType(), x,
                            bias);
    auto shape2 = tosa::ConstShapeOp::create(
        builder, named("logits.shape"),
        tosa::shapeType::get(builder.getContext(), 2),
        builder.getIndexTensorAttr({1, 1000}));
    x = tosa::ReshapeOp::create(builder, named("logits"), output, x, shape2);
    func::ReturnOp::create(builder, named("return"), x);
    return module;
  }

  ModuleOp chain(unsigned layers, int64_t channels, int64_t size) {
    ModuleOp module = ModuleOp::create(builder.getUnknownLoc());
    auto type = RankedTensorType::get({1, size, size, channels}, f32);
    builder.setInsertionPointToEnd(module.getBody());
    auto func = func::FuncOp::create(builder, named("chain"), "chain",
                                     builder.getFunctionType(type, type));
    builder.setInsertionPointToStart(func.addEntryBlock());
    Value x = func.getArgument(0);
    for (unsigned i = 0; i < layers; ++i)
      x = relu(conv(x, channels, 3, 1, "conv" + std::to_string(i)),
               "relu" + std::to_string(i));
    func::ReturnOp::create(builder, named("return"), x);
    return module;
  }

private:
  OpBuilder builder;
  std::mt19937 rng;
  Type f32;
};

int fail(const Twine &message) {
  errs() << "quant-model-gen: error: " << message << "\n";
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "AutoQuant: large float TOSA benchmark models\n");
  if (numImages > 0) {
    SmallVector<int64_t> shape = {static_cast<int64_t>(numImages)};
    SmallVector<StringRef> dims;
    StringRef(imageShape).split(dims, 'x');
    for (StringRef dim : dims) {
      int64_t extent;
      if (dim.getAsInteger(10, extent) || extent <= 0)
        return fail("bad --shape '" + imageShape + "'");
      shape.push_back(extent);
    }
    int64_t count = 1;
    for (int64_t extent : shape)
      count *= extent;
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> values(count);
    for (float &v : values)
      v = normal(rng);
    if (Error error = ::autoquant::writeNpy(
            outputPath, ::autoquant::ElementType::f32, shape, values.data()))
      return fail(toString(std::move(error)));
    return 0;
  }
  if (modelKind != "resnet50" && modelKind != "chain")
    return fail("--model must be resnet50 or chain (or use --images)");

  DialectRegistry registry;
  registry.insert<func::FuncDialect, tosa::TosaDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  Generator generator(&ctx, seed);
  OwningOpRef<ModuleOp> module =
      modelKind == "resnet50"
          ? generator.resnet50()
          : generator.chain(numLayers, chainChannels, chainSize);
  if (failed(module->verify()))
    return fail("the generated module does not verify");
  std::string error;
  auto output = openOutputFile(outputPath, &error);
  if (!output)
    return fail(error);
  OpPrintingFlags flags;
  flags.enableDebugInfo(true, /*prettyForm=*/false);
  module->print(output->os(), flags);
  output->keep();
  return 0;
}
