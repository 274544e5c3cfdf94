// Bad annotate options: one message naming the option, exit code 1.
// RUN: not quant-opt %s --autoquant-annotate="nbit-input=0" 2>&1 | FileCheck %s --check-prefix=NBIT
// RUN: not quant-opt %s --autoquant-annotate="nbit-activation=33" 2>&1 | FileCheck %s --check-prefix=NBITACT
// RUN: not quant-opt %s --autoquant-annotate="skip-conv-layers=a,1" 2>&1 | FileCheck %s --check-prefix=SKIPCONV
// RUN: not quant-opt %s --autoquant-annotate="debug-enabled-ops=tosa.conv3" 2>&1 | FileCheck %s --check-prefix=DEBUG
// RUN: not quant-opt %s --autoquant-annotate="skip-locs=nosuchlayer" 2>&1 | FileCheck %s --check-prefix=SKIPLOCS
// RUN: not quant-opt %s --autoquant-annotate="only-locs=conv[" 2>&1 | FileCheck %s --check-prefix=GLOB
// RUN: not quant-opt %s --autoquant-annotate="nbit-weight=x" 2>&1 | FileCheck %s --check-prefix=PARSE

// NBIT: error: autoquant-annotate: nbit-input must be in [1, 32], got 0
// NBITACT: error: autoquant-annotate: nbit-activation must be in [1, 32], got 33
// SKIPCONV: error: autoquant-annotate: skip-conv-layers expects comma-separated non-negative indices, got 'a'
// DEBUG: error: autoquant-annotate: debug-enabled-ops names 'tosa.conv3', which is not a registered op
// SKIPLOCS: error: autoquant-annotate: skip-locs pattern 'nosuchlayer' matches no op location
// GLOB: error: autoquant-annotate: bad only-locs pattern 'conv[':
// PARSE: for the --nbit-weight option: 'x' value invalid for uint argument!
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
