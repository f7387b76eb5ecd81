"""The reference's own bfloat16 error on the golden cases: each case's weights and inputs run in bfloat16 (and in
float32, which must reproduce the stored output) against the stored float32 output. It is the yardstick of the
project's bf16 tolerances (docs/numerics.md, "bf16 tolerances per module"):

- transformer_* : diffusers' PixArtTransformer2DModel.
- vae_*         : diffusers' AutoencoderKL; the encoder's latent mean and the decode of the stored latent.
- pipeline_*    : PixArtAlphaPipeline's loop (DPM-Solver++ 2M, classifier-free guidance) on diffusers' parts, from the
                  stored caption embeddings and initial latents, with the weights of transformer_tiny and vae_tiny
                  (folders next to it); see pipeline_errors for why the loop is restated.
- t5_*          : transformers is not installable in the cpu-anchor chroot (neither Debian nor the reachable registries
                  ship it), so T5EncoderModel's eager forward is restated below in PyTorch with its precision
                  choices (RMS norm statistics in float32 then cast to the weight dtype, softmax in float32, no
                  attention scaling, position bias and the dtype's minimum as mask bias in the model dtype, gelu_new
                  as its op-by-op formula). Its float32 row shows it reproduces the stored output.

Runs inside the chroot of ../shared/cpu-anchor/setup.sh, which has diffusers and PyTorch:
    scripts/cpu-anchor/run_bf16_conformance.sh  (copies the cases and this script in, then runs it)
Usage: python3 reference_bf16_conformance.py CASE_FOLDER...
Prints: RESULT case=<name> output=<tensor> dtype=<float32|bfloat16> relative_error=<e>
"""
import json
import math
import sys

import torch
from safetensors.torch import load_file

torch.set_num_threads(1)
DTYPES = (torch.float32, torch.bfloat16)


def relative_error(actual, expected, weight=None):
    if weight is not None:
        actual, expected = actual * weight, expected * weight
    return ((actual.float() - expected).norm() / expected.norm()).item()


def weights_of(data):
    return {k[len("weights."):]: v for k, v in data.items() if k.startswith("weights.")}


def read_case(folder):
    return json.load(open(f"{folder}/meta.json")), load_file(f"{folder}/data.safetensors")


def diffusers_model(kind, meta, data, strict=True):
    model = kind(**meta["config"]).eval()
    model.load_state_dict(weights_of(data), strict=strict)
    return model


def transformer_errors(meta, data, folder):
    from diffusers import PixArtTransformer2DModel
    model = diffusers_model(PixArtTransformer2DModel, meta, data, strict=False)
    for dtype in DTYPES:
        model = model.to(dtype)
        if "input.resolution" in data:
            added = {"resolution": data["input.resolution"].to(dtype), "aspect_ratio": data["input.aspect_ratio"].to(dtype)}
        else:
            added = {"resolution": None, "aspect_ratio": None}
        out = model(data["input.x"].to(dtype), encoder_hidden_states=data["input.y"].to(dtype), timestep=data["input.timestep"],
                    encoder_attention_mask=data["input.mask"], added_cond_kwargs=added, return_dict=False)[0]
        yield "output", dtype, relative_error(out, data["output"])


def vae_errors(meta, data, folder):
    from diffusers import AutoencoderKL
    model = diffusers_model(AutoencoderKL, meta, data)
    for dtype in DTYPES:
        model = model.to(dtype)
        mean = model.encode(data["image"].to(dtype)).latent_dist.mean
        yield "latent_mean", dtype, relative_error(mean, data["latent_mean"])
        decoded = model.decode(data["latent"].to(dtype)).sample
        yield "decoded", dtype, relative_error(decoded, data["decoded"])


def t5_bucket(relative, num_buckets, max_distance):
    # Bidirectional relative-position buckets (T5 paper, section 2.1; T5Attention._relative_position_bucket).
    num_buckets //= 2
    bucket = (relative > 0).long() * num_buckets
    distance = relative.abs()
    exact = num_buckets // 2
    far = exact + (torch.log(distance.float() / exact) / math.log(max_distance / exact) * (num_buckets - exact)).long()
    far = torch.minimum(far, torch.full_like(far, num_buckets - 1))
    return bucket + torch.where(distance < exact, distance, far)


def t5_norm(x, weight, eps):
    variance = x.float().pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps)).to(weight.dtype)


def t5_gelu_new(x):
    # The case's dense_act_fn is gelu_new, which transformers evaluates as this formula op by op (each op rounded to the
    # tensor's dtype), not as the fused tanh GELU that this project calls.
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def t5_encode(w, config, ids, mask, dtype):
    w = {k: v.to(dtype) for k, v in w.items()}
    heads, d_kv, eps = config["num_heads"], config["d_kv"], config["layer_norm_epsilon"]
    x = torch.nn.functional.embedding(ids, w["shared.weight"])
    batch, length, _ = x.shape
    positions = torch.arange(length)
    buckets = t5_bucket(positions[None, :] - positions[:, None], config["relative_attention_num_buckets"],
                        config["relative_attention_max_distance"])
    bias = torch.nn.functional.embedding(buckets, w["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"])
    bias = bias.permute(2, 0, 1)[None] + (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min
    split = lambda t: t.view(batch, length, heads, d_kv).transpose(1, 2)
    for i in range(config["num_layers"]):
        p = f"encoder.block.{i}.layer."
        h = t5_norm(x, w[p + "0.layer_norm.weight"], eps)
        q, k, v = (split(torch.nn.functional.linear(h, w[p + f"0.SelfAttention.{n}.weight"])) for n in "qkv")
        scores = q @ k.transpose(-1, -2) + bias
        attention = torch.softmax(scores.float(), dim=-1).type_as(scores) @ v
        x = x + torch.nn.functional.linear(attention.transpose(1, 2).reshape(batch, length, heads * d_kv), w[p + "0.SelfAttention.o.weight"])
        h = t5_norm(x, w[p + "1.layer_norm.weight"], eps)
        gate = t5_gelu_new(torch.nn.functional.linear(h, w[p + "1.DenseReluDense.wi_0.weight"]))
        h = gate * torch.nn.functional.linear(h, w[p + "1.DenseReluDense.wi_1.weight"])
        x = x + torch.nn.functional.linear(h, w[p + "1.DenseReluDense.wo.weight"])
    return t5_norm(x, w["encoder.final_layer_norm.weight"], eps)


def t5_errors(meta, data, folder):
    ids, mask = data["input_ids"].long(), data["attention_mask"].long()
    valid = mask[..., None].float()  # the padded positions' outputs are not compared (as T5EncoderConformanceTests)
    for dtype in DTYPES:
        out = t5_encode(weights_of(data), meta["config"], ids, mask, dtype)
        yield "last_hidden_state", dtype, relative_error(out, data["last_hidden_state"], valid)


def pipeline_errors(meta, data, folder):
    # PixArtAlphaPipeline itself needs transformers to import, so its denoising loop is restated here on diffusers'
    # transformer, scheduler and VAE: guidance on the concatenated [negative, prompt] batch, the learned-sigma half
    # dropped, diffusers' own scheduler step (x0 in the model dtype, the update in float32, the result cast back), the
    # decode of latents / scaling_factor, then image / 2 + 0.5 clamped to [0, 1]. Its float32 row shows it reproduces
    # the stored image.
    from diffusers import AutoencoderKL, DPMSolverMultistepScheduler, PixArtTransformer2DModel
    transformer = diffusers_model(PixArtTransformer2DModel, *read_case(f"{folder}/../transformer_tiny"), strict=False)
    vae_meta, vae_data = read_case(f"{folder}/../vae_tiny")
    vae = diffusers_model(AutoencoderKL, vae_meta, vae_data)
    scaling_factor = vae_meta["config"]["scaling_factor"]
    guidance = meta["guidance_scale"]
    for dtype in DTYPES:
        transformer, vae = transformer.to(dtype), vae.to(dtype)
        scheduler = DPMSolverMultistepScheduler(beta_start=0.0001, beta_end=0.02, beta_schedule="linear",
                                                num_train_timesteps=1000, solver_order=2, algorithm_type="dpmsolver++")
        scheduler.set_timesteps(meta["steps"])
        captions = torch.cat([data["negative_embeds"], data["prompt_embeds"]]).to(dtype)
        masks = torch.cat([data["negative_mask"], data["prompt_mask"]])
        latents = data["latents"].to(dtype) * scheduler.init_noise_sigma
        for t in scheduler.timesteps:
            model_input = scheduler.scale_model_input(torch.cat([latents] * 2), t)
            prediction = transformer(model_input, encoder_hidden_states=captions, encoder_attention_mask=masks,
                                     timestep=t.expand(2), added_cond_kwargs={"resolution": None, "aspect_ratio": None},
                                     return_dict=False)[0]
            unconditional, conditional = prediction.chunk(2)
            prediction = unconditional + guidance * (conditional - unconditional)
            if transformer.config.out_channels // 2 == latents.shape[1]:
                prediction = prediction.chunk(2, dim=1)[0]
            latents = scheduler.step(prediction, t, latents, return_dict=False)[0]
        image = (vae.decode(latents / scaling_factor).sample / 2 + 0.5).clamp(0, 1)
        yield "image", dtype, relative_error(image, data["image"])


KINDS = {"transformer": transformer_errors, "vae": vae_errors, "t5": t5_errors, "pipeline": pipeline_errors}

for folder in sys.argv[1:]:
    name = folder.rstrip("/").split("/")[-1]
    meta, data = read_case(folder)
    with torch.no_grad():
        for output, dtype, error in KINDS[name.split("_")[0]](meta, data, folder):
            print(f"RESULT case={name} output={output} dtype={str(dtype).split('.')[-1]} relative_error={error:.4e}")
