# -*- Python -*-
# lit configuration of the AutoQuant regression tests (check-autoquant).

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "AUTOQUANT"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.autoquant_obj_root, "test")
# GoogleTest sources, the downstream project and test inputs are not lit tests.
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py", "Unit", "Bench", "Downstream", "Inputs",
                   "Fuzz"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%autoquant_src_root", config.autoquant_src_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
# `not` and `count` come from Debian's llvm-22-tools, outside the default PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()
llvm_config.add_tool_substitutions(
    ["quant-opt", "quant-run", "quant-export", "quant-import"],
    [config.autoquant_tools_dir, config.llvm_tools_dir])

# Execution tests lower TOSA with quant-opt and run it with MLIR's runner.
config.substitutions.append(
    ("%mlir_lib_dir", os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")))
llvm_config.add_tool_substitutions(["mlir-runner"], [config.llvm_tools_dir])

# Exported C headers are compiled with the project's C compiler.
config.substitutions.append(("%cc", config.c_compiler))
