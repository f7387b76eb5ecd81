"""Runs ../shared/cpu-anchor/diffusers_bench.py with bfloat16 as PyTorch's default dtype, so the model's weights and the
random inputs are bfloat16 (the timestep embedding and norms then compute as diffusers' modules do in that dtype):
the bf16 arm of the side-by-side comparison (run_bf16_pairs.sh). Arguments are passed on unchanged."""
import runpy
import sys

import torch

torch.set_default_dtype(torch.bfloat16)
sys.argv = ["diffusers_bench.py", *sys.argv[1:]]
runpy.run_path("/opt/anchor/diffusers_bench.py", run_name="__main__")
