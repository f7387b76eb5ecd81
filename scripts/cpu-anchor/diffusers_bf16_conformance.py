"""diffusers' own bfloat16 error on the transformer reference cases: the case's weights and inputs run in bfloat16
against the stored float32 output. It is the yardstick of the project's bf16 tolerance for the transformer
(tests/PixArt.Plugins.Transformer.Tests/Bfloat16ConformanceTests.cs, docs/numerics.md "bf16 tolerances per module").

Runs inside the chroot of ../shared/cpu-anchor/setup.sh, which has diffusers and PyTorch:
    scripts/cpu-anchor/run_bf16_conformance.sh  (copies the cases and this script in, then runs it)
Usage: python3 diffusers_bf16_conformance.py CASE_FOLDER...
"""
import json
import sys

import torch
from diffusers import PixArtTransformer2DModel
from safetensors.torch import load_file

torch.set_num_threads(1)


def forward(model, data, dtype):
    model = model.to(dtype)
    if "input.resolution" in data:
        added = {"resolution": data["input.resolution"].to(dtype), "aspect_ratio": data["input.aspect_ratio"].to(dtype)}
    else:
        added = {"resolution": None, "aspect_ratio": None}
    with torch.no_grad():
        out = model(data["input.x"].to(dtype), encoder_hidden_states=data["input.y"].to(dtype), timestep=data["input.timestep"],
                    encoder_attention_mask=data["input.mask"], added_cond_kwargs=added, return_dict=False)[0]
    return out.float()


for folder in sys.argv[1:]:
    meta = json.load(open(f"{folder}/meta.json"))
    data = load_file(f"{folder}/data.safetensors")
    model = PixArtTransformer2DModel(**meta["config"]).eval()
    model.load_state_dict({k[len("weights."):]: v for k, v in data.items() if k.startswith("weights.")}, strict=False)
    reference = data["output"]
    for dtype in (torch.float32, torch.bfloat16):
        error = ((forward(model, data, dtype) - reference).norm() / reference.norm()).item()
        print(f"RESULT case={folder.rstrip('/').split('/')[-1]} dtype={str(dtype).split('.')[-1]} relative_error={error:.4e}")
