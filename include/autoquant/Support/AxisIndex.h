//===- AxisIndex.h - Channel of an element of a row-major tensor -*- C++
//-*-===//
//
// Per-channel scales, weight statistics and equalization factors all need
// "which channel along `axis` does flat element i belong to"; this is that
// computation, once.
//
//===----------------------------------------------------------------------===//

#ifndef AUTOQUANT_SUPPORT_AXISINDEX_H
#define AUTOQUANT_SUPPORT_AXISINDEX_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>

namespace autoquant {

class AxisIndex {
public:
  /// Channels along `axis` of a row-major tensor of `shape`; a negative axis
  /// means per tensor (one channel).
  AxisIndex(llvm::ArrayRef<int64_t> shape, int64_t axis) {
    if (axis < 0)
      return;
    channels = shape[axis];
    for (int64_t dim : shape.drop_front(axis + 1))
      inner *= dim;
  }
  int64_t getNumChannels() const { return channels; }
  /// The channel of flat (row-major) element `index`.
  int64_t channelOf(int64_t index) const { return (index / inner) % channels; }

private:
  int64_t channels = 1, inner = 1;
};

} // namespace autoquant

#endif // AUTOQUANT_SUPPORT_AXISINDEX_H
