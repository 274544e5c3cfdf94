// autoquant-outline-loop-nests: every top-level loop nest of a function
// moves to its own noinline function; values from the enclosing function
// become arguments, constants are cloned, results are returned.
// RUN: quant-opt %s --autoquant-outline-loop-nests | FileCheck %s

// CHECK-LABEL: func.func @model(%arg0: memref<8xf32>, %arg1: memref<8xf32>) -> f32
// CHECK: %[[ALLOC:.*]] = memref.alloc() : memref<8xf32>
// CHECK: call @model_nest0(%arg0, %[[ALLOC]]) : (memref<8xf32>, memref<8xf32>) -> ()
// CHECK: %[[SUM:.*]] = call @model_nest1(%[[ALLOC]]) : (memref<8xf32>) -> f32
// CHECK-NOT: scf.for
// CHECK: return %[[SUM]] : f32
// CHECK: func.func private @model_nest0(%[[X:.*]]: memref<8xf32>, %[[Y:.*]]: memref<8xf32>) attributes {passthrough = ["noinline"]}
// CHECK-DAG: arith.constant 0 : index
// CHECK-DAG: arith.constant 2.000000e+00 : f32
// CHECK: scf.for
// CHECK: memref.load %[[X]]
// CHECK: memref.store %{{.*}}, %[[Y]]
// CHECK: return
// CHECK: func.func private @model_nest1(%{{.*}}: memref<8xf32>) -> f32 attributes {passthrough = ["noinline"]}
// CHECK: %[[R:.*]] = scf.for {{.*}} iter_args
// CHECK: return %[[R]] : f32
func.func @model(%x: memref<8xf32>, %out: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %two = arith.constant 2.0 : f32
  %zero = arith.constant 0.0 : f32
  %tmp = memref.alloc() : memref<8xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %x[%i] : memref<8xf32>
    %d = arith.mulf %v, %two : f32
    memref.store %d, %tmp[%i] : memref<8xf32>
  }
  %sum = scf.for %i = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> f32 {
    %v = memref.load %tmp[%i] : memref<8xf32>
    %a = arith.addf %acc, %v : f32
    scf.yield %a : f32
  }
  memref.copy %tmp, %out : memref<8xf32> to memref<8xf32>
  memref.dealloc %tmp : memref<8xf32>
  return %sum : f32
}
