//===- Dataset.cpp - Feed .npy / .npz data to a function in batches -------===//

#include "autoquant/Runtime/Dataset.h"
#include "autoquant/Runtime/JitRunner.h"
#include "autoquant/Support/Npy.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace autoquant;
using ::autoquant::NpyReader;

Dataset::~Dataset() = default;

static std::string shapeString(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(shape, os, "x");
  return text.empty() ? "scalar" : text;
}

llvm::Expected<std::unique_ptr<Dataset>>
Dataset::open(StringRef path, ArrayRef<RankedTensorType> argTypes,
              int64_t maxSamples) {
  std::unique_ptr<Dataset> dataset(new Dataset());
  dataset->path = path.str();
  dataset->argTypes.assign(argTypes.begin(), argTypes.end());
  if (argTypes.empty())
    return llvm::createStringError("%s: the function takes no arguments",
                                   path.str().c_str());
  for (RankedTensorType type : argTypes)
    if (type.getRank() == 0)
      return llvm::createStringError(
          "%s: the function's arguments need a leading batch dimension",
          path.str().c_str());
  dataset->batchSize = argTypes.front().getDimSize(0);

  if (path.ends_with(".npz")) {
    auto members = NpyReader::listNpzMembers(path);
    if (!members)
      return members.takeError();
    std::vector<std::string> chosen;
    bool byName =
        llvm::all_of(llvm::seq<size_t>(0, argTypes.size()), [&](size_t i) {
          return llvm::is_contained(*members, "arg" + std::to_string(i));
        });
    if (byName) {
      for (size_t i = 0; i < argTypes.size(); ++i)
        chosen.push_back("arg" + std::to_string(i));
    } else if (members->size() == argTypes.size()) {
      chosen = *members;
    } else {
      return llvm::createStringError(
          "%s: the function takes %zu arguments; name the members arg0.. "
          "or store exactly one array per argument (found %zu: %s)",
          path.str().c_str(), argTypes.size(), members->size(),
          llvm::join(*members, ", ").c_str());
    }
    for (const std::string &member : chosen) {
      auto reader = NpyReader::openNpzMember(path, member);
      if (!reader)
        return reader.takeError();
      dataset->sourceNames.push_back((*reader)->displayName().str());
      dataset->readers.push_back(std::move(*reader));
    }
  } else {
    if (argTypes.size() != 1)
      return llvm::createStringError(
          "%s: the function takes %zu arguments; pass a .npz with one array "
          "per argument",
          path.str().c_str(), argTypes.size());
    auto reader = NpyReader::open(path);
    if (!reader)
      return reader.takeError();
    dataset->sourceNames.push_back((*reader)->displayName().str());
    dataset->readers.push_back(std::move(*reader));
  }

  // Each array must hold samples shaped like one batch row of its argument.
  int64_t samples = -1;
  for (auto [index, reader] : llvm::enumerate(dataset->readers)) {
    RankedTensorType type = argTypes[index];
    ArrayRef<int64_t> rowShape = type.getShape().drop_front();
    ArrayRef<int64_t> fileShape = reader->info().shape;
    const std::string &name = dataset->sourceNames[index];
    if (fileShape.empty() || fileShape.drop_front() != rowShape)
      return llvm::createStringError(
          "%s: argument %zu expects samples of shape %s (array Nx%s), but "
          "the array has shape %s",
          name.c_str(), index, shapeString(rowShape).c_str(),
          shapeString(rowShape).c_str(), shapeString(fileShape).c_str());
    if (samples >= 0 && fileShape[0] != samples)
      return llvm::createStringError(
          "%s: has %lld samples but the first array has %lld", name.c_str(),
          static_cast<long long>(fileShape[0]),
          static_cast<long long>(samples));
    samples = fileShape[0];
  }
  if (samples == 0)
    return llvm::createStringError("%s: holds no samples", path.str().c_str());
  dataset->numSamples =
      maxSamples > 0 ? std::min<int64_t>(samples, maxSamples) : samples;
  return dataset;
}

llvm::Error Dataset::rewind() {
  position = 0;
  for (auto &reader : readers)
    if (llvm::Error error = reader->rewind())
      return error;
  return llvm::Error::success();
}

llvm::Expected<int64_t> Dataset::next(std::vector<std::vector<char>> &buffers) {
  int64_t count = std::min(batchSize, numSamples - position);
  if (count <= 0)
    return 0;
  buffers.resize(readers.size());
  for (auto [index, reader] : llvm::enumerate(readers)) {
    RankedTensorType type = argTypes[index];
    Type element = type.getElementType();
    size_t elementBytes = getElementByteSize(element);
    std::vector<char> &buffer = buffers[index];
    buffer.assign(type.getNumElements() * elementBytes, 0);
    int64_t rowElements = reader->rowElements();
    llvm::Error error = llvm::Error::success();
    if (element.isF32()) {
      float *out = reinterpret_cast<float *>(buffer.data());
      error = reader->readRowsAsFloat(count, out);
      if (!error)
        for (int64_t i = 0; i < count * rowElements; ++i)
          if (!std::isfinite(out[i]))
            return llvm::createStringError(
                "%s: sample %lld holds %s; calibration and evaluation data "
                "must be finite",
                sourceNames[index].c_str(),
                static_cast<long long>(position + i / rowElements),
                std::isnan(out[i]) ? "NaN" : "Inf");
    } else if (element.isInteger(8)) {
      error = reader->readRowsAsInt8(count,
                                     reinterpret_cast<int8_t *>(buffer.data()));
    } else if (element.isInteger(32)) {
      error = reader->readRowsAsInt32(
          count, reinterpret_cast<int32_t *>(buffer.data()));
    } else if (element.isInteger(64)) {
      error = reader->readRowsAsInt64(
          count, reinterpret_cast<int64_t *>(buffer.data()));
    } else {
      std::string typeName;
      llvm::raw_string_ostream(typeName) << element;
      return llvm::createStringError(
          "%s: cannot feed an argument of element type %s (supported: f32, "
          "i8, i32, i64)",
          sourceNames[index].c_str(), typeName.c_str());
    }
    if (error)
      return std::move(error);
  }
  position += count;
  return count;
}
