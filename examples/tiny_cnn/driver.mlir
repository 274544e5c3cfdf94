// Entry point for running model.mlir under mlir-runner: feeds a fixed input
// (pixel (i, j) = (i + j) / 14, a diagonal ramp) and prints the 10 logits.
// Used as: cat model.mlir driver.mlir | quant-opt <lowering> | mlir-runner -e main
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @main() {
  %shape = tosa.const_shape {values = dense<[1, 8, 8, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %in = arith.constant dense<[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], [4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0], [5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0], [6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0], [7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0]]> : tensor<8x8xf32>
  %div = arith.constant dense<14.0> : tensor<8x8xf32>
  %norm = arith.divf %in, %div : tensor<8x8xf32>
  %x = tosa.reshape %norm, %shape : (tensor<8x8xf32>, !tosa.shape<4>) -> tensor<1x8x8x1xf32>
  %y = func.call @tiny_cnn(%x) : (tensor<1x8x8x1xf32>) -> tensor<1x10xf32>
  %m = bufferization.to_buffer %y : tensor<1x10xf32> to memref<1x10xf32>
  %u = memref.cast %m : memref<1x10xf32> to memref<*xf32>
  func.call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
