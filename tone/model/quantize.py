"""Int8 linear layers whose result for a token does not depend on the other tokens in the batch.

torch's dynamic int8 Linear picks one activation range for everything in a call,
so a batched reply was quantized against its batch mates' extremes (and their
padding): the same reply could be flagged by `tone score` and not by `tone check`
(15 of 400 dev replies were). Here every token is scaled by its own largest
value before the same fbgemm kernel runs, and one fixed anchor row pins the
kernel's range to [-1, 1], so each token is quantized on its own grid. Per-token
scales are also finer than one scale per batch. Layers fed the same tensor (query,
key and value) scale it once.
"""
from __future__ import annotations

import warnings


class _NormalizedInput:
    """The last input scaled per token, plus the anchor row: the query, key and value layers share one."""

    def __init__(self):
        # One tuple, replaced whole, so a thread never pairs one input with another's scaling.
        self.last: tuple | None = None

    def of(self, x, anchor):
        import torch

        # Inference tensors cannot change in place, so the same object means the same values.
        version = None if x.is_inference() else x._version
        last = self.last
        if last is not None and last[0] is x and last[1] == version:
            return last[2], last[3]
        flat = x.reshape(-1, x.shape[-1])
        scale = flat.abs().amax(dim=1, keepdim=True).clamp(min=1e-12)
        rows = torch.empty(flat.shape[0] + 1, flat.shape[1], dtype=flat.dtype)
        torch.div(flat, scale, out=rows[:-1])
        rows[-1] = anchor
        self.last = (x, version, rows, scale)
        return rows, scale


def _per_token_linear_type():
    import torch

    class PerTokenInt8Linear(torch.nn.Module):
        def __init__(self, linear, normalized: _NormalizedInput):
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
            anchor = torch.zeros(linear.in_features)
            anchor[0], anchor[-1] = -1.0, 1.0
            self.anchor = anchor
            self.normalized = normalized

        def forward(self, x):
            rows, scale = self.normalized.of(x, self.anchor)
            out = torch.ops.quantized.linear_dynamic(rows, self.packed, reduce_range=True)[:-1]
            out = out * scale if self.bias is None else torch.addcmul(self.bias, out, scale)
            return out.reshape(*x.shape[:-1], out.shape[-1])

    return PerTokenInt8Linear


def quantize_per_token(model, *, in_place: bool = False):
    """`model` (or a copy) with linear layers that run in int8 with a scale per token."""
    import copy

    import torch

    # A copy holds a second set of embeddings (about 400 MB for XLM-R's vocabulary): only when asked.
    quantized = model if in_place else copy.deepcopy(model)
    linear_type = _per_token_linear_type()
    normalized = _NormalizedInput()
    for parent in list(quantized.modules()):
        for name, child in list(parent.named_children()):
            if type(child) is torch.nn.Linear:
                setattr(parent, name, linear_type(child, normalized))
    return quantized
