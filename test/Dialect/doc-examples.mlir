// Every MLIR example in the generated dialect reference parses, verifies and
// round-trips unchanged (custom and generic form).
// RUN: %python %autoquant_src_root/scripts/check-doc-examples.py quant-opt %autoquant_src_root/docs/AutoQuantDialect.md %autoquant_src_root/docs/AutoQuantPasses.md | FileCheck %s
// CHECK: checked {{[1-9][0-9]*}} mlir examples, 0 failed
