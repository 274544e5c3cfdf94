//===- HostTensorTest.cpp - Import-time tensor arithmetic -----------------===//
//
// TensorProto decoding (every storage form the importer accepts, and the
// ones it refuses) and the folding arithmetic, against hand-computed values.
//
//===----------------------------------------------------------------------===//

#include "HostTensor.h"

#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <cstring>

using namespace autoquant::onnx_import;

namespace {

onnx::TensorProto proto(onnx::TensorProto::DataType type,
                        std::vector<int64_t> dims) {
  onnx::TensorProto p;
  p.set_name("t");
  p.set_data_type(type);
  for (int64_t d : dims)
    p.add_dims(d);
  return p;
}

template <typename T> std::string raw(std::vector<T> values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

TEST(HostTensorTest, DecodesRawAndTypedFloats) {
  auto p = proto(onnx::TensorProto::FLOAT, {2, 2});
  p.set_raw_data(raw<float>({1.5f, -2.0f, 0.25f, 1e-30f}));
  HostTensor t;
  std::string error;
  ASSERT_TRUE(decodeTensorProto(p, t, error)) << error;
  EXPECT_TRUE(t.isFloat);
  EXPECT_EQ(t.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(t.toFloats(), (std::vector<float>{1.5f, -2.0f, 0.25f, 1e-30f}));

  auto typed = proto(onnx::TensorProto::FLOAT, {3});
  for (float v : {1.0f, 2.0f, 3.0f})
    typed.add_float_data(v);
  ASSERT_TRUE(decodeTensorProto(typed, t, error)) << error;
  EXPECT_EQ(t.data, (std::vector<double>{1, 2, 3}));
}

TEST(HostTensorTest, DecodesHalfIntegersAndBool) {
  HostTensor t;
  std::string error;
  // 1.0, -2.0, the smallest subnormal 2^-24, +inf.
  auto half = proto(onnx::TensorProto::FLOAT16, {4});
  half.set_raw_data(raw<uint16_t>({0x3C00, 0xC000, 0x0001, 0x7C00}));
  ASSERT_TRUE(decodeTensorProto(half, t, error)) << error;
  EXPECT_EQ(t.data[0], 1.0);
  EXPECT_EQ(t.data[1], -2.0);
  EXPECT_EQ(t.data[2], std::ldexp(1.0, -24));
  EXPECT_TRUE(std::isinf(t.data[3]));

  auto ints = proto(onnx::TensorProto::INT64, {2});
  ints.set_raw_data(raw<int64_t>({-1, int64_t(1) << 40}));
  ASSERT_TRUE(decodeTensorProto(ints, t, error)) << error;
  EXPECT_FALSE(t.isFloat);
  EXPECT_EQ(t.toInts(), (std::vector<int64_t>{-1, int64_t(1) << 40}));

  auto flags = proto(onnx::TensorProto::BOOL, {3});
  flags.set_raw_data(std::string("\x01\x00\x01", 3));
  ASSERT_TRUE(decodeTensorProto(flags, t, error)) << error;
  EXPECT_EQ(t.data, (std::vector<double>{1, 0, 1}));

  auto scalar = proto(onnx::TensorProto::INT32, {});
  scalar.add_int32_data(-7);
  ASSERT_TRUE(decodeTensorProto(scalar, t, error)) << error;
  EXPECT_EQ(t.rank(), 0);
  EXPECT_EQ(t.data, (std::vector<double>{-7}));
}

TEST(HostTensorTest, RefusesWhatItCannotRead) {
  HostTensor t;
  std::string error;
  auto external = proto(onnx::TensorProto::FLOAT, {2});
  external.set_data_location(onnx::TensorProto::EXTERNAL);
  EXPECT_FALSE(decodeTensorProto(external, t, error));
  EXPECT_NE(error.find("external file"), std::string::npos) << error;

  auto strings = proto(onnx::TensorProto::STRING, {1});
  strings.add_string_data("x");
  EXPECT_FALSE(decodeTensorProto(strings, t, error));
  EXPECT_NE(error.find("STRING"), std::string::npos) << error;

  auto short_ = proto(onnx::TensorProto::FLOAT, {3});
  short_.set_raw_data(raw<float>({1, 2}));
  EXPECT_FALSE(decodeTensorProto(short_, t, error));
  EXPECT_NE(error.find("holds 2 values where its shape needs 3"),
            std::string::npos)
      << error;

  auto huge = proto(onnx::TensorProto::FLOAT, {int64_t(1) << 40, 1 << 30});
  EXPECT_FALSE(decodeTensorProto(huge, t, error));
  EXPECT_NE(error.find("too large"), std::string::npos) << error;
}

TEST(HostTensorTest, ElementCountSaturates) {
  EXPECT_EQ(numElements({}), 1);
  EXPECT_EQ(numElements({2, 3, 0}), 0);
  EXPECT_EQ(numElements({int64_t(1) << 40, int64_t(1) << 40}), INT64_MAX);
  EXPECT_EQ(numElements({-1, 2}), INT64_MAX);
}

TEST(HostTensorTest, TransposesLikeNumpy) {
  // [[0 1 2] [3 4 5]]^T = [[0 3] [1 4] [2 5]].
  HostTensor m = HostTensor::floats({2, 3}, {0, 1, 2, 3, 4, 5});
  HostTensor t = transpose(m, {1, 0});
  EXPECT_EQ(t.shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(t.data, (std::vector<double>{0, 3, 1, 4, 2, 5}));
  // OIHW -> OHWI: out[o][h][w][i] = in[o][i][h][w].
  std::vector<double> values(2 * 3 * 2 * 2);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<double>(i);
  HostTensor w = HostTensor::floats({2, 3, 2, 2}, values);
  HostTensor ohwi = transpose(w, {0, 2, 3, 1});
  for (int o = 0; o < 2; ++o)
    for (int h = 0; h < 2; ++h)
      for (int x = 0; x < 2; ++x)
        for (int i = 0; i < 3; ++i)
          EXPECT_EQ(ohwi.data[((o * 2 + h) * 2 + x) * 3 + i],
                    values[((o * 3 + i) * 2 + h) * 2 + x]);
}

TEST(HostTensorTest, BroadcastsLikeNumpy) {
  std::vector<int64_t> out;
  EXPECT_TRUE(broadcastShapes({2, 1}, {3}, out));
  EXPECT_EQ(out, (std::vector<int64_t>{2, 3}));
  EXPECT_FALSE(broadcastShapes({2, 3}, {2}, out));
  HostTensor a = HostTensor::floats({2, 1}, {10, 20});
  HostTensor b = HostTensor::floats({3}, {1, 2, 3});
  HostTensor sum = broadcastBinary(
      a, b, [](double x, double y) { return x + y; }, true);
  EXPECT_EQ(sum.data, (std::vector<double>{11, 12, 13, 21, 22, 23}));
  HostTensor wide = broadcastTo(HostTensor::floats({1}, {7}), {2, 2});
  EXPECT_EQ(wide.data, (std::vector<double>{7, 7, 7, 7}));
}

TEST(HostTensorTest, SlicesConcatenatesAndGathers) {
  HostTensor m =
      HostTensor::floats({3, 4}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  HostTensor s = slice(m, {1, 0}, {3, 4}, {1, 2});
  EXPECT_EQ(s.shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(s.data, (std::vector<double>{4, 6, 8, 10}));

  HostTensor a = HostTensor::floats({2, 1}, {1, 2});
  HostTensor b = HostTensor::floats({2, 2}, {3, 4, 5, 6});
  HostTensor c = concat({&a, &b}, 1);
  EXPECT_EQ(c.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(c.data, (std::vector<double>{1, 3, 4, 2, 5, 6}));

  // take(m, [-1, 0], axis=1) = columns 3 and 0.
  HostTensor cols = gather(m, HostTensor::ints({2}, {-1, 0}), 1);
  EXPECT_EQ(cols.shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(cols.data, (std::vector<double>{3, 0, 7, 4, 11, 8}));
  // A scalar index drops the axis.
  HostTensor row = gather(m, HostTensor::ints({}, {2}), 0);
  EXPECT_EQ(row.shape, (std::vector<int64_t>{4}));
  EXPECT_EQ(row.data, (std::vector<double>{8, 9, 10, 11}));
}

} // namespace
