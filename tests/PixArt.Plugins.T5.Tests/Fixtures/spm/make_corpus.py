#!/usr/bin/env python3
"""Writes corpus.txt: a few hundred varied, deterministic sentences (image-caption style) for training the tiny test
SentencePiece model. Self-written word lists; seeded so a rerun produces the same file."""
import random

rng = random.Random(1234)
subjects = ["a cat", "the dog", "an old man", "two children", "a red car", "the tall tower", "a small boat",
            "three birds", "a woman", "the mountain", "a bowl of soup", "an astronaut", "the city skyline",
            "a café", "the crème brûlée", "a naïve painter", "the señor", "a jalapeño pepper", "the Zürich tram"]
verbs = ["sitting on", "running across", "flying over", "standing next to", "looking at", "painted on",
         "floating in", "hiding behind", "walking through", "resting under"]
objects = ["a wooden table", "the green field", "the ocean", "a brick wall", "the snowy road", "a blue sky",
           "the river bank", "a busy street", "the forest", "a glass window", "the desert at sunset"]
styles = ["oil painting", "digital art", "photograph", "watercolor", "3D render", "pencil sketch", "pixel art",
          "high resolution", "4k", "8K UHD", "trending on artstation", "by an unknown artist"]
extras = ["It's beautiful!", "Wow...", "(close-up)", "[wide angle]", "50% off", "size 1024x768",
          "price: $19.99", "rated 4.5/5", "e-mail me", "#1 best", "version 2.0.1", "ISO 3200, f/1.8",
          "\"quoted\" text", "it's a 'test'", "A-B-C", "x_y_z", "100 %", "1,000,000 people", "3 + 4 = 7",
          "ÀÉÎÕÜ", "àéîõü", "Ärger über Öl", "São Paulo", "Kraków", "Ελλάδα", "über-cool", "naïveté"]

lines = []
for i in range(600):
    s = f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)}"
    if rng.random() < 0.7:
        s += f", {rng.choice(styles)}"
    if rng.random() < 0.5:
        s += f" {rng.choice(extras)}"
    if rng.random() < 0.3:
        s += f" {rng.randint(0, 99999)}"
    if rng.random() < 0.5:
        s = s[0].upper() + s[1:]
    lines.append(s + rng.choice([".", "", "!", "?", " ..."]))
with open("corpus.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
