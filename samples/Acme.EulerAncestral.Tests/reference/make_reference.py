"""Writes the diffusers reference cases of the Euler ancestral sample (run with diffusers v0.40.0 and PyTorch, fp32, CPU;
the project's cpu-anchor chroot has both):

    python3 make_reference.py OUT_DIR

Protocol (the one of the project's golden scheduler cases): x = x_init; for each timestep t: x = step(eps(scale_model_input(x, t), t), t, x);
trajectory[i] = x after step i; noise_draws[k] = the k-th standard-normal draw the scheduler made (the test injects them).
The toy denoiser: eps(x, t) = 0.3 * x * cos(0.0015 * t) + 0.2 * sin(x).
"""
import json
import math
import os
import sys

import torch
from safetensors.torch import save_file

import diffusers
import diffusers.schedulers.scheduling_euler_ancestral_discrete as euler_a
from diffusers import EulerAncestralDiscreteScheduler

CASES = {
    "euler_ancestral_linspace": dict(timestep_spacing="linspace", steps_offset=0),
    "euler_ancestral_leading": dict(timestep_spacing="leading", steps_offset=1),
}
STEPS = 25


def run(name, settings, out):
    scheduler = EulerAncestralDiscreteScheduler(num_train_timesteps=1000, beta_start=0.0001, beta_end=0.02, beta_schedule="linear", **settings)
    scheduler.set_timesteps(STEPS)
    generator = torch.Generator().manual_seed(0)
    x = torch.randn(2, 4, 6, 6, generator=generator) * scheduler.init_noise_sigma
    x_init = x.clone()
    draws = []

    def recorded_randn(shape, generator=None, device=None, dtype=None, layout=None):
        noise = torch.randn(shape, generator=noise_generator, dtype=dtype)
        draws.append(noise.clone())
        return noise

    noise_generator = torch.Generator().manual_seed(1)
    euler_a.randn_tensor = recorded_randn
    trajectory = []
    for t in scheduler.timesteps:
        model_input = scheduler.scale_model_input(x, t)
        tf = float(t)
        eps = 0.3 * model_input * math.cos(0.0015 * tf) + 0.2 * torch.sin(model_input)
        x = scheduler.step(eps, t, x).prev_sample
        trajectory.append(x.clone())
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    save_file({
        "timesteps": scheduler.timesteps.to(torch.float64).contiguous(),
        "x_init": x_init.contiguous(),
        "noise_draws": torch.stack(draws).contiguous(),
        "trajectory": torch.stack(trajectory).contiguous(),
    }, os.path.join(folder, "data.safetensors"))
    meta = {
        "what": f"diffusers EulerAncestralDiscreteScheduler ({settings['timestep_spacing']} spacing), noise recorded",
        "source": f"diffusers {diffusers.__version__}, torch {torch.__version__}, fp32, CPU",
        "toy_denoiser": "eps(x,t) = 0.3*x*cos(0.0015*t) + 0.2*sin(x)",
        "steps": STEPS,
        "init_noise_sigma": float(scheduler.init_noise_sigma),
        "config": {k: v for k, v in dict(scheduler.config).items() if not k.startswith("_")},
        "protocol": "x = x_init; for each t in timesteps: x = step(eps(scale_model_input(x,t), t), t, x); trajectory[i] = x after step i; noise_draws[k] = k-th standard normal draw the sampler makes",
        "tolerance_rel": 1e-4,
    }
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, default=str)
    print(name, "written:", len(draws), "draws")


if __name__ == "__main__":
    for name, settings in CASES.items():
        run(name, settings, sys.argv[1])
