"""Use a streamssl encoder in PyTorch: load an export directory and embed images as the job does.

An export directory (learner.export.dir, `streamssl export`) holds
  model.json           method, architecture, modelVersion, input size, channels, preprocessing
  encoder.safetensors  the encoder's weights, named as the modules below name them: torchvision's
                       names for ResNet-18 (conv1, bn1, layer1.0.conv1, ..., downsample.0),
                       timm's and DINO's for the ViT (patch_embed.proj, cls_token, pos_embed,
                       blocks.0.attn.qkv, ...), features.N for the small CNN
(and DJL's encoder-0000.params, for Java). BatchNorm running statistics are included: in eval()
mode the modules give the vectors of the embeddings topic.

Preprocessing (model.json "preprocessing"): decode, short side resized to "resize" with an
antialiasing filter, centre crop to "crop" (torchvision's Resize + CenterCrop), pixels / 255,
minus "mean", divided by "std", per channel, grey images as one channel.

Needs Debian's python3-torch and python3-numpy. The `safetensors` package is not in Debian, so
read_safetensors below reads the format itself: an 8-byte little-endian header length N, N bytes
of JSON ({name: {dtype, shape, data_offsets: [begin, end]}}), then the raw little-endian tensors.
"""
import json
import os
import struct

import numpy as np
import torch
from torch import nn

_DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64,
           "I32": np.int32, "U8": np.uint8, "BOOL": np.bool_}


def read_safetensors(path: str) -> dict:
    """Every tensor of a .safetensors file, by name, as torch tensors."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _DTYPES:
            raise ValueError("%s: dtype %s is not supported here" % (name, info["dtype"]))
        begin, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        array = np.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.astype(array.dtype.newbyteorder("=")))
    return tensors


def write_safetensors(path: str, tensors: dict) -> None:
    """Writes torch tensors (float32, int64) as .safetensors, names in the given order."""
    names = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64", np.dtype(np.float64): "F64"}
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        array = tensor.detach().cpu().numpy()
        blob = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names[array.dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


class SmallCnn(nn.Module):
    """Three 3x3 conv-BN-ReLU layers (32, 64, 128), 2x2 max-pool after the first two, global mean."""

    def __init__(self, channels: int):
        super().__init__()
        layers, c = [], channels
        for i, filters in enumerate((32, 64, 128)):
            layers += [nn.Conv2d(c, filters, 3, padding=1, bias=False), nn.BatchNorm2d(filters),
                       nn.ReLU()]
            if i < 2:
                layers.append(nn.MaxPool2d(2, 2))
            c = filters
        self.features = nn.Sequential(*layers)

    def forward(self, x):
        return self.features(x).mean(dim=(2, 3))


class BasicBlock(nn.Module):
    """torchvision's ResNet basic block: two 3x3 convolutions, a projection shortcut if needed."""

    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                            nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))


class ResNet18(nn.Module):
    """torchvision's resnet18 without its classifier (fc); the CIFAR stem is one 3x3 conv, no pool."""

    def __init__(self, channels: int, cifar_stem: bool):
        super().__init__()
        if cifar_stem:
            self.conv1 = nn.Conv2d(channels, 64, 3, 1, 1, bias=False)
        else:
            self.conv1 = nn.Conv2d(channels, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU()
        self.maxpool = nn.Identity() if cifar_stem else nn.MaxPool2d(3, 2, 1)
        widths, cin = (64, 128, 256, 512), 64
        for stage, width in enumerate(widths):
            stride = 1 if stage == 0 else 2
            setattr(self, "layer%d" % (stage + 1),
                    nn.Sequential(BasicBlock(cin, width, stride), BasicBlock(width, width, 1)))
            cin = width

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return x.mean(dim=(2, 3))


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, t, d = x.shape
        qkv = self.qkv(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attention = (q @ k.transpose(-2, -1)) * (d // self.heads) ** -0.5
        return self.proj((attention.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))


class Mlp(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(4 * dim, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, channels: int, patch: int, dim: int):
        super().__init__()
        self.proj = nn.Conv2d(channels, dim, patch, patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class VisionTransformer(nn.Module):
    """DINO's vision_transformer.py ViT (pre-norm blocks, [CLS] output), at one input size."""

    def __init__(self, channels: int, size: int, patch: int, dim: int, depth: int, heads: int):
        super().__init__()
        self.patch_embed = PatchEmbed(channels, patch, dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, 1 + (size // patch) ** 2, dim))
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def forward(self, x):
        x = self.patch_embed(x)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        return self.norm(x)[:, 0]


def build(descriptor: dict) -> nn.Module:
    """The module of an export's model.json, with random weights."""
    architecture, channels = descriptor["architecture"], descriptor["channels"]
    if architecture == "small-cnn":
        return SmallCnn(channels)
    if architecture in ("resnet18", "resnet18-cifar"):
        return ResNet18(channels, architecture == "resnet18-cifar")
    if architecture == "vit":
        v = descriptor["vit"]
        return VisionTransformer(channels, descriptor["inputSize"], v["patchSize"], v["dim"],
                                 v["depth"], v["heads"])
    raise ValueError("unknown architecture %r" % architecture)


def load(directory: str):
    """(module in eval mode, model.json as a dict) of an export directory."""
    with open(os.path.join(directory, "model.json")) as f:
        descriptor = json.load(f)
    module = build(descriptor)
    module.load_state_dict(read_safetensors(os.path.join(directory, "encoder.safetensors")))
    return module.eval(), descriptor


def embed(module: nn.Module, descriptor: dict, pixels) -> np.ndarray:
    """Embeddings of uint8 or float images in [0, 255], (N, C, H, W) at the export's input size."""
    x = torch.as_tensor(np.asarray(pixels, dtype=np.float32)) / 255.0
    c = descriptor["channels"]
    mean = torch.tensor(descriptor["mean"], dtype=torch.float32).reshape(1, c, 1, 1)
    std = torch.tensor(descriptor["std"], dtype=torch.float32).reshape(1, c, 1, 1)
    with torch.no_grad():
        return module((x - mean) / std).numpy()
