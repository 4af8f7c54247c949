"""Int8 linear layers whose result for a token does not depend on the other tokens in the batch.

torch's dynamic int8 Linear picks one activation range for everything in a call,
so a batched reply was quantized against its batch mates' extremes (and their
padding): the same reply could be flagged by `tone score` and not by `tone check`
(15 of 400 dev replies were). Here every token is scaled by its own largest
value before the same fbgemm kernel runs, and one fixed anchor row pins the
kernel's range to [-1, 1], so each token is quantized on its own grid. Per-token
scales are also finer than one scale per batch.
"""
from __future__ import annotations

import warnings


def _per_token_linear_type():
    import torch

    class PerTokenInt8Linear(torch.nn.Module):
        def __init__(self, linear):
            super().__init__()
            with warnings.catch_warnings():
                # torch marks its quantized tensor constructors deprecated; dynamic int8 still works in 2.13.
                warnings.simplefilter("ignore")
                unbiased = torch.nn.Linear(linear.in_features, linear.out_features, bias=False)
                unbiased.weight = linear.weight
                dynamic = torch.ao.quantization.quantize_dynamic(
                    torch.nn.Sequential(unbiased), {torch.nn.Linear}, dtype=torch.qint8)[0]
            self.packed = dynamic._packed_params._packed_params
            self.bias = None if linear.bias is None else linear.bias.detach().clone()
            anchor = torch.zeros(1, linear.in_features)
            anchor[0, 0], anchor[0, -1] = -1.0, 1.0
            self.anchor = anchor

        def forward(self, x):
            rows = x.reshape(-1, x.shape[-1])
            scale = rows.abs().amax(dim=1, keepdim=True).clamp(min=1e-12)
            out = torch.ops.quantized.linear_dynamic(torch.cat([rows / scale, self.anchor]), self.packed,
                                                     reduce_range=True)[:-1]
            out = out * scale if self.bias is None else torch.addcmul(self.bias, out, scale)
            return out.reshape(*x.shape[:-1], out.shape[-1])

    return PerTokenInt8Linear


def quantize_per_token(model):
    """A copy of `model` whose linear layers run in int8 with a scale per token."""
    import copy

    import torch

    quantized = copy.deepcopy(model)
    linear_type = _per_token_linear_type()
    for parent in list(quantized.modules()):
        for name, child in list(parent.named_children()):
            if type(child) is torch.nn.Linear:
                setattr(parent, name, linear_type(child))
    return quantized
